import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Sets document.title to "<page> – Samklang" while the page is shown. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  const suffix = t("app.titleSuffix");
  useEffect(() => {
    document.title = title ? `${title} – ${suffix}` : suffix;
  }, [title, suffix]);
}
