import { Alert, Button, Field, Heading, Label, Paragraph, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { PageHeading } from "../../components/PageHeading";
import { LOCALES, isLocale, type Locale } from "../../i18n";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useMe, useUpdateMe, type Me } from "../../lib/session";
import { SignInsSection } from "./SignInsSection";
import { DeleteAccountSection } from "../privacy";
import { MyDataSection } from "../privacy";
import { NotificationSettingsForm } from "../feed";

type FieldName = "name" | "locale";

function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const update = useUpdateMe();
  const [name, setName] = useState(me.name);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Partial<Record<FieldName, string>> = {};
    if (name.trim() === "") next.name = t("validation.nameRequired");
    setErrors(next);
    setAttempt((n) => n + 1);
    update.reset();
    if (Object.keys(next).length > 0) return;
    // The shell switches the UI language when the saved /me comes back.
    update.mutate({ name: name.trim(), locale });
  }

  const server = update.error ? fieldErrors(update.error) : {};
  const nameError = errors.name ?? server.name;
  const localeError = server.locale;
  const summary: SummaryError[] = [];
  if (nameError) summary.push({ fieldId: "profile-name", message: nameError });
  if (localeError) summary.push({ fieldId: "profile-locale", message: localeError });
  if (update.isError && !server.name && !server.locale) {
    summary.push({ message: problemMessage(update.error, t) });
  }

  return (
    <>
      <FormErrorSummary key={attempt} errors={summary} />
      <div aria-live="polite" role="status" className="live-region">
        {update.isSuccess && (
          <Alert data-color="success">
            <Paragraph>{t("profile.saved")}</Paragraph>
          </Alert>
        )}
      </div>
      <Paragraph>{t("profile.email", { email: me.email })}</Paragraph>
      <form onSubmit={onSubmit} noValidate className="form">
        <Textfield
          id="profile-name"
          label={t("profile.name")}
          name="name"
          autoComplete="name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (update.isSuccess) update.reset();
          }}
          error={nameError}
          required
        />
        <Field>
          <Label htmlFor="profile-locale">{t("profile.language")}</Label>
          <Field.Description>{t("profile.languageHint")}</Field.Description>
          <Select
            id="profile-locale"
            name="locale"
            value={locale}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
              if (update.isSuccess) update.reset();
            }}
            aria-invalid={localeError ? true : undefined}
            width="auto"
          >
            {LOCALES.map((l) => (
              <Select.Option key={l} value={l} lang={l}>
                {t(`language.${l}`)}
              </Select.Option>
            ))}
          </Select>
          {localeError && <ValidationMessage>{localeError}</ValidationMessage>}
        </Field>
        <div className="form__actions">
          <Button type="submit" loading={update.isPending}>
            {update.isPending ? t("profile.submitting") : t("profile.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t("profile.title"));
  return (
    <>
      <PageHeading>{t("profile.title")}</PageHeading>
      <Paragraph>{t("profile.intro")}</Paragraph>
      {me && <ProfileForm me={me} />}
      <SignInsSection />
      <section className="section" aria-labelledby="notification-settings-heading">
        <Heading level={2} data-size="sm" id="notification-settings-heading">
          {t("feed.settings.title")}
        </Heading>
        <NotificationSettingsForm />
      </section>
      <MyDataSection />
      <DeleteAccountSection />
    </>
  );
}
