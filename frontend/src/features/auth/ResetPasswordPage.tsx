import { Alert, Button, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import { PASSWORD_MIN_LENGTH, useConfirmPasswordReset } from "./api";
import type { LoginLocationState } from "./LoginPage";
import { validateConfirm, validateNewPassword } from "./validation";

type FieldName = "password" | "confirm";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirmReset = useConfirmPasswordReset();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [attempt, setAttempt] = useState(0);

  usePageTitle(t("reset.title"));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Partial<Record<FieldName, string>> = {};
    const passwordError = validateNewPassword(password, t);
    if (passwordError) next.password = passwordError;
    else {
      const confirmError = validateConfirm(password, confirm, t);
      if (confirmError) next.confirm = confirmError;
    }
    setErrors(next);
    setAttempt((n) => n + 1);
    confirmReset.reset();
    if (Object.keys(next).length > 0) return;
    confirmReset.mutate(
      { token, password },
      {
        onSuccess: () => {
          const state: LoginLocationState = { notice: "passwordReset" };
          void navigate("/login", { replace: true, state });
        },
      },
    );
  }

  const requestNewLink = (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/forgot-password">{t("reset.newLink")}</RouterLink>
      </Link>
    </Paragraph>
  );

  if (token === "") {
    return (
      <>
        <PageHeading>{t("reset.title")}</PageHeading>
        <Alert data-color="danger">
          <Paragraph>{t("errors.codes.invalid_link")}</Paragraph>
        </Alert>
        {requestNewLink}
      </>
    );
  }

  const server = confirmReset.error ? fieldErrors(confirmReset.error) : {};
  const passwordError = errors.password ?? server.password;
  const summary: SummaryError[] = [];
  if (passwordError) summary.push({ fieldId: "reset-password", message: passwordError });
  if (errors.confirm) summary.push({ fieldId: "reset-confirm", message: errors.confirm });
  if (confirmReset.isError && !server.password) {
    summary.push({ message: problemMessage(confirmReset.error, t) });
  }
  const linkBroken = confirmReset.isError && problemCode(confirmReset.error) === "invalid_link";

  return (
    <>
      <PageHeading>{t("reset.title")}</PageHeading>
      <FormErrorSummary key={attempt} errors={summary} />
      {linkBroken && requestNewLink}
      <Paragraph>{t("reset.intro")}</Paragraph>
      <form onSubmit={onSubmit} noValidate className="form">
        <Textfield
          id="reset-password"
          label={t("reset.password")}
          description={t("reset.passwordHint", { min: PASSWORD_MIN_LENGTH })}
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError}
          required
        />
        <Textfield
          id="reset-confirm"
          label={t("reset.confirm")}
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
          required
        />
        <div className="form__actions">
          <Button type="submit" loading={confirmReset.isPending}>
            {confirmReset.isPending ? t("reset.submitting") : t("reset.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}
