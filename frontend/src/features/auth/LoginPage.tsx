import { Alert, Button, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Link as RouterLink, useLocation } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { useAuth } from "../../lib/session";
import { useLogin } from "./api";
import { validateEmail } from "./validation";

export type LoginNotice = "passwordReset" | "signedOut" | "sessionExpired";

export interface LoginLocationState {
  from?: string;
  notice?: LoginNotice;
}

type FieldName = "email" | "password";

function safeTarget(from: string | undefined): string {
  // Only paths inside this app; never "//host" or a full URL.
  return from && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/login")
    ? from
    : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const auth = useAuth();
  const login = useLogin();
  const state = (location.state ?? {}) as LoginLocationState;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [attempt, setAttempt] = useState(0);

  usePageTitle(t("login.title"));

  if (auth.status === "authenticated") {
    return <Navigate to={safeTarget(state.from)} replace />;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Partial<Record<FieldName, string>> = {};
    const emailError = validateEmail(email, t);
    if (emailError) next.email = emailError;
    if (password === "") next.password = t("validation.passwordRequired");
    setErrors(next);
    setAttempt((n) => n + 1);
    login.reset();
    if (Object.keys(next).length > 0) return;
    login.mutate({ email: email.trim(), password });
  }

  const summary: SummaryError[] = [];
  if (errors.email) summary.push({ fieldId: "login-email", message: errors.email });
  if (errors.password) summary.push({ fieldId: "login-password", message: errors.password });
  if (login.isError) summary.push({ message: problemMessage(login.error, t) });

  const notice = state.notice ?? (auth.reason === "expired" ? "sessionExpired" : undefined);

  return (
    <>
      <PageHeading>{t("login.title")}</PageHeading>
      {notice && summary.length === 0 && (
        <Alert data-color={notice === "sessionExpired" ? "warning" : "success"} className="notice">
          <Paragraph>{t(`login.${notice}`)}</Paragraph>
        </Alert>
      )}
      <FormErrorSummary key={attempt} errors={summary} />
      <Paragraph>{t("login.intro")}</Paragraph>
      <form onSubmit={onSubmit} noValidate className="form">
        <Textfield
          id="login-email"
          label={t("login.email")}
          type="email"
          name="username"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <Textfield
          id="login-password"
          label={t("login.password")}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <div className="form__actions">
          <Button type="submit" loading={login.isPending} aria-disabled={login.isPending || undefined}>
            {login.isPending ? t("login.submitting") : t("login.submit")}
          </Button>
        </div>
      </form>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/forgot-password">{t("login.forgot")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}
