import { Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

/** A spinner with a text that screen readers hear (aria-live). */
export function Loading({ label, fullPage = false }: { label?: string; fullPage?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={fullPage ? "loading loading--page" : "loading"} role="status" aria-live="polite">
      <Spinner aria-hidden data-size="md" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}
