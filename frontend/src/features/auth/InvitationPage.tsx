import { Alert, Button, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { PASSWORD_MIN_LENGTH, useAcceptInvitation, useInvitationPreview } from "./api";
import { validateConfirm, validateNewPassword } from "./validation";

type FieldName = "name" | "password" | "confirm";

function AcceptForm({ token, email, initialName }: { token: string; email: string; initialName: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [name, setName] = useState(initialName);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Partial<Record<FieldName, string>> = {};
    if (name.trim() === "") next.name = t("validation.nameRequired");
    const passwordError = validateNewPassword(password, t);
    if (passwordError) next.password = passwordError;
    else {
      const confirmError = validateConfirm(password, confirm, t);
      if (confirmError) next.confirm = confirmError;
    }
    setErrors(next);
    setAttempt((n) => n + 1);
    accept.reset();
    if (Object.keys(next).length > 0) return;
    accept.mutate(
      { token, name: name.trim(), password },
      { onSuccess: () => void navigate("/", { replace: true }) },
    );
  }

  const server = accept.error ? fieldErrors(accept.error) : {};
  const nameError = errors.name ?? server.name;
  const passwordError = errors.password ?? server.password;
  const summary: SummaryError[] = [];
  if (nameError) summary.push({ fieldId: "invitation-name", message: nameError });
  if (passwordError) summary.push({ fieldId: "invitation-password", message: passwordError });
  if (errors.confirm) summary.push({ fieldId: "invitation-confirm", message: errors.confirm });
  if (accept.isError && !server.name && !server.password) {
    summary.push({ message: problemMessage(accept.error, t) });
  }

  return (
    <>
      <FormErrorSummary key={attempt} errors={summary} />
      <Paragraph>{t("invitation.intro")}</Paragraph>
      <dl className="facts">
        <dt>{t("invitation.emailLabel")}</dt>
        <dd data-testid="invitation-email">{email}</dd>
      </dl>
      <form onSubmit={onSubmit} noValidate className="form">
        <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
        <Textfield
          id="invitation-name"
          label={t("invitation.name")}
          name="name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          required
        />
        <Textfield
          id="invitation-password"
          label={t("invitation.password")}
          description={t("invitation.passwordHint", { min: PASSWORD_MIN_LENGTH })}
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError}
          required
        />
        <Textfield
          id="invitation-confirm"
          label={t("invitation.confirm")}
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
          required
        />
        <div className="form__actions">
          <Button type="submit" loading={accept.isPending}>
            {accept.isPending ? t("invitation.submitting") : t("invitation.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}

export function InvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const preview = useInvitationPreview(token);

  usePageTitle(t("invitation.title"));

  let body;
  if (token === "" || preview.isError) {
    body = (
      <>
        <Alert data-color="danger">
          <Paragraph>
            {token === "" ? t("errors.codes.invalid_link") : problemMessage(preview.error, t)}
          </Paragraph>
        </Alert>
        <Paragraph>
          <Link asChild>
            <RouterLink to="/login">{t("invitation.toLogin")}</RouterLink>
          </Link>
        </Paragraph>
      </>
    );
  } else if (preview.isPending) {
    body = <Loading label={t("invitation.checking")} />;
  } else {
    body = <AcceptForm token={token} email={preview.data.email} initialName={preview.data.name} />;
  }

  return (
    <>
      <PageHeading>{t("invitation.title")}</PageHeading>
      {body}
    </>
  );
}
