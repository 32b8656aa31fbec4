import { Field, Label, Select, ValidationMessage } from "@digdir/designsystemet-react";
import { useId, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";

import { LOCALES, currentLocale, isLocale, rememberVisitorLocale } from "../i18n";
import { applyLocale, useAuth, useUpdateMe } from "../lib/session";

/** nb / nn / en. Signed in, the choice is also saved on the user (PATCH /me). */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const auth = useAuth();
  const updateMe = useUpdateMe();
  const id = useId();
  const value = currentLocale();

  function onChange(event: ChangeEvent<HTMLSelectElement>) {
    const locale = event.target.value;
    if (!isLocale(locale)) return;
    applyLocale(locale);
    if (auth.status === "authenticated") {
      updateMe.mutate({ locale });
    } else {
      rememberVisitorLocale(locale);
    }
  }

  return (
    <Field className="language-switcher" data-size="sm">
      <Label htmlFor={id}>{t("language.label")}</Label>
      <Select id={id} value={value} onChange={onChange} width="auto">
        {LOCALES.map((locale) => (
          <Select.Option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`)}
          </Select.Option>
        ))}
      </Select>
      {updateMe.isError && <ValidationMessage>{t("language.saveFailed")}</ValidationMessage>}
    </Field>
  );
}
