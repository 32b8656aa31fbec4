import { Alert, Button, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useRequestPasswordReset } from "./api";
import { validateEmail } from "./validation";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const sentRef = useRef<HTMLDivElement>(null);

  usePageTitle(t("forgot.title"));

  // The API answers 202 whether or not the address exists, and so do we.
  const serverFieldError = request.error ? fieldErrors(request.error).email : undefined;
  const sent = request.isSuccess;

  useEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const error = validateEmail(email, t);
    setEmailError(error);
    setAttempt((n) => n + 1);
    if (error) return;
    request.mutate(email.trim());
  }

  const shownEmailError = emailError ?? serverFieldError;
  const summary: SummaryError[] = [];
  if (shownEmailError) summary.push({ fieldId: "forgot-email", message: shownEmailError });
  else if (request.isError) summary.push({ message: problemMessage(request.error, t) });

  return (
    <>
      <PageHeading>{t("forgot.title")}</PageHeading>
      {sent ? (
        <div ref={sentRef} tabIndex={-1} role="status" className="notice">
          <Alert data-color="success">
            <Paragraph>{t("forgot.sent")}</Paragraph>
          </Alert>
        </div>
      ) : (
        <>
          <FormErrorSummary key={attempt} errors={summary} />
          <Paragraph>{t("forgot.intro")}</Paragraph>
          <form onSubmit={onSubmit} noValidate className="form">
            <Textfield
              id="forgot-email"
              label={t("forgot.email")}
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={shownEmailError}
              required
            />
            <div className="form__actions">
              <Button type="submit" loading={request.isPending}>
                {request.isPending ? t("forgot.submitting") : t("forgot.submit")}
              </Button>
            </div>
          </form>
        </>
      )}
      <Paragraph>
        <Link asChild>
          <RouterLink to="/login">{t("forgot.backToLogin")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}
