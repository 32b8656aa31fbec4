import { Alert, Button, Paragraph, SkipLink } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, NavLink, Outlet } from "react-router";

import { FeedHeaderTools, FeedNavItems } from "../features/feed";
import { KnowledgeHeaderTools, KnowledgeNavItems } from "../features/knowledge";
import { ProgressHeaderTools, ProgressNavItems } from "../features/progress";
import { problemMessage } from "../lib/problem";
import { applyLocale, signOut, useMe } from "../lib/session";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { Loading } from "./Loading";

/** The signed-in frame: header with the app name, main menu, language, sign-out. */
export function AppShell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const [signingOut, setSigningOut] = useState(false);
  const locale = me.data?.locale;

  // After sign-in (and on every reload) the UI speaks the user's own language.
  useEffect(() => {
    applyLocale(locale);
  }, [locale]);

  async function onSignOut() {
    setSigningOut(true);
    await signOut(queryClient);
  }

  return (
    <div className="app">
      <SkipLink href="#main">{t("common.skipToContent")}</SkipLink>
      <header className="site-header">
        <div className="site-header__inner">
          <RouterLink to="/" className="brand">
            {t("app.name")}
          </RouterLink>
          <nav aria-label={t("nav.label")} className="main-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/workspaces">{t("nav.workspaces")}</NavLink>
              </li>
              <li>
                <NavLink to="/applications">{t("nav.applications")}</NavLink>
              </li>
              <li>
                <NavLink to="/gatherings">{t("gatherings.nav")}</NavLink>
              </li>
              <FeedNavItems />
              <KnowledgeNavItems />
              <ProgressNavItems />
              {me.data?.role === "admin" && (
                <>
                  <li>
                    <NavLink to="/review">{t("nav.review")}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/cohorts">{t("nav.cohorts")}</NavLink>
                  </li>
                </>
              )}
              <li>
                <NavLink to="/profile">{t("nav.profile")}</NavLink>
              </li>
            </ul>
          </nav>
          <div className="site-header__tools">
            <KnowledgeHeaderTools />
            <FeedHeaderTools />
            <ProgressHeaderTools />
            <LanguageSwitcher />
            {me.data && (
              <Paragraph data-size="sm" className="signed-in-as">
                {t("shell.signedInAs", { name: me.data.name })}
              </Paragraph>
            )}
            <Button variant="secondary" data-size="sm" onClick={onSignOut} loading={signingOut}>
              {signingOut ? t("shell.signingOut") : t("shell.signOut")}
            </Button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        {me.isPending ? (
          <Loading />
        ) : me.isError ? (
          <Alert data-color="danger">
            <Paragraph>{problemMessage(me.error, t)}</Paragraph>
          </Alert>
        ) : (
          <Outlet />
        )}
      </main>
      <footer className="site-footer">
        <Paragraph data-size="sm">{t("app.tagline")}</Paragraph>
      </footer>
    </div>
  );
}
