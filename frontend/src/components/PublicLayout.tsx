import { Paragraph, SkipLink } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, Outlet } from "react-router";

import { LanguageSwitcher } from "./LanguageSwitcher";

/** Frame for signed-out pages: sign in, invitation, password reset. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <div className="app">
      <SkipLink href="#main">{t("common.skipToContent")}</SkipLink>
      <header className="site-header">
        <div className="site-header__inner">
          <RouterLink to="/" className="brand">
            {t("app.name")}
          </RouterLink>
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page page--narrow">
        <Outlet />
      </main>
      <footer className="site-footer">
        <Paragraph data-size="sm">{t("app.tagline")}</Paragraph>
      </footer>
    </div>
  );
}
