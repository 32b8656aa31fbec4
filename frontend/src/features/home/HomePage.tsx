import { Card, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { translateOr } from "../../i18n";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { useMe } from "../../lib/session";

export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t("home.pageTitle"));
  if (!me) return null; // the shell shows loading and errors

  const memberships = [...me.memberships].sort((a, b) =>
    a.workspace_name.localeCompare(b.workspace_name, "nb"),
  );

  return (
    <>
      <PageHeading>{t("home.title", { name: me.name })}</PageHeading>
      <Paragraph>{t("home.intro")}</Paragraph>
      <Paragraph data-testid="home-role">{t("home.role", { role: t(`roles.${me.role}`) })}</Paragraph>

      <section aria-labelledby="memberships-heading" className="section">
        <Heading level={2} data-size="sm" id="memberships-heading">
          {t("home.membershipsTitle")}
        </Heading>
        {memberships.length === 0 ? (
          <div className="empty-state">
            <Paragraph>{t("home.membershipsEmpty")}</Paragraph>
            <Paragraph>
              <Link asChild>
                <RouterLink to="/workspaces">{t("home.browseWorkspaces")}</RouterLink>
              </Link>
            </Paragraph>
          </div>
        ) : (
          <ul className="card-list">
            {memberships.map((m) => (
              <li key={m.workspace_id}>
                <Card data-color="neutral">
                  <Heading level={3} data-size="2xs">
                    <Link asChild>
                      <RouterLink to={`/workspaces/${m.workspace_id}`}>{m.workspace_name}</RouterLink>
                    </Link>
                  </Heading>
                  <Paragraph data-size="sm">
                    {t("home.membershipRole", {
                      role: translateOr(`workspaceRoles.${m.role}`, m.role),
                    })}
                  </Paragraph>
                  <Paragraph data-size="sm">
                    {t("home.membershipTier", {
                      tier: translateOr(`tiers.${m.tier}`, m.tier),
                    })}
                  </Paragraph>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
