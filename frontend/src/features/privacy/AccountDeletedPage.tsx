import { Link, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link as RouterLink, useLocation } from "react-router";

import { authStore } from "../../lib/auth-store";

import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";

/** Shown once the account is deleted and this tab signed out. */
export function AccountDeletedPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const location = useLocation();
  const justDeleted = (location.state as { accountDeleted?: boolean } | null)?.accountDeleted === true;
  usePageTitle(t("privacy.deleted.title"));
  useEffect(() => {
    // The server has already ended every sign-in; forget the access token and cached data.
    if (justDeleted) {
      authStore.signOut();
      queryClient.clear();
    }
  }, [justDeleted, queryClient]);
  return (
    <>
      <PageHeading>{t("privacy.deleted.title")}</PageHeading>
      <Paragraph>{t("privacy.deleted.body")}</Paragraph>
      <Paragraph>{t("privacy.deleted.kept")}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/faq">{t("privacy.deleted.faq")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}
