import { Alert, Button, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { problemMessage } from "../lib/problem";

/** A load that failed: the reason in the person's language, and a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert data-color="danger" className="notice">
      <Paragraph>{problemMessage(error, t)}</Paragraph>
      {onRetry && (
        <Button variant="secondary" data-size="sm" onClick={onRetry} className="notice__action">
          {t("common.retry")}
        </Button>
      )}
    </Alert>
  );
}
