import { ErrorSummary } from "@digdir/designsystemet-react";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";

export interface SummaryError {
  message: string;
  /** The id of the input the message is about; the summary links to it. */
  fieldId?: string;
}

function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const field = document.getElementById(fieldId);
  if (field) {
    event.preventDefault();
    field.focus();
  }
}

/**
 * Designsystemet's error summary. It takes focus when it appears, so give it a new `key`
 * on every failed submit to move focus there again.
 */
export function FormErrorSummary({ errors, title }: { errors: SummaryError[]; title?: string }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <ErrorSummary className="form-error-summary">
      <ErrorSummary.Heading>{title ?? t("errors.summaryTitle")}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {errors.map((error, index) => (
          <ErrorSummary.Item key={`${error.fieldId ?? "form"}-${index}`}>
            {error.fieldId ? (
              <ErrorSummary.Link
                href={`#${error.fieldId}`}
                onClick={(event) => focusField(event, error.fieldId ?? "")}
              >
                {error.message}
              </ErrorSummary.Link>
            ) : (
              error.message
            )}
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
