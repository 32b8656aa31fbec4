import type { TFunction } from "i18next";

import { PASSWORD_MIN_LENGTH } from "./api";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(value: string, t: TFunction): string | undefined {
  if (value.trim() === "") return t("validation.emailRequired");
  if (!EMAIL.test(value.trim())) return t("validation.emailInvalid");
  return undefined;
}

export function validateNewPassword(value: string, t: TFunction): string | undefined {
  if (value === "") return t("validation.passwordRequired");
  if (value.length < PASSWORD_MIN_LENGTH) {
    return t("validation.passwordTooShort", { min: PASSWORD_MIN_LENGTH });
  }
  return undefined;
}

export function validateConfirm(password: string, confirm: string, t: TFunction) {
  return password !== confirm ? t("validation.passwordMismatch") : undefined;
}
