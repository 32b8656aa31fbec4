import { Link, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { usePageTitle } from "../lib/page";
import { PageHeading } from "./PageHeading";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <>
      <PageHeading>{t("notFound.title")}</PageHeading>
      <Paragraph>{t("notFound.body")}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/">{t("notFound.home")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}
