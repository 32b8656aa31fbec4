import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { networkProgressQuery } from "./api";
import { ScoresTable, SmallMultiples } from "./SmallMultiples";
import "./progress.css";

/** Every pilot's progress score by semester: small charts side by side and the same as a table. */
export function NetworkProgressPage() {
  const { t } = useTranslation();
  usePageTitle(t("progress.network.title"));
  const network = useQuery(networkProgressQuery());
  return (
    <>
      <PageHeading>{t("progress.network.title")}</PageHeading>
      <Paragraph>{t("progress.network.intro")}</Paragraph>
      <Paragraph data-size="sm" className="muted">
        {t("progress.scaleHint")}
      </Paragraph>
      {network.isPending ? (
        <Loading />
      ) : network.isError ? (
        <QueryError error={network.error} onRetry={() => void network.refetch()} />
      ) : network.data.workspaces.length === 0 ? (
        <Paragraph className="empty-state">{t("progress.network.empty")}</Paragraph>
      ) : (
        <>
          <section className="section" aria-labelledby="network-charts">
            <Heading level={2} data-size="sm" id="network-charts">
              {t("progress.network.chartsHeading")}
            </Heading>
            <SmallMultiples workspaces={network.data.workspaces} semesters={network.data.semesters} />
          </section>
          <section className="section" aria-labelledby="network-table">
            <Heading level={2} data-size="sm" id="network-table">
              {t("progress.network.tableHeading")}
            </Heading>
            <ScoresTable workspaces={network.data.workspaces} semesters={network.data.semesters} />
          </section>
        </>
      )}
    </>
  );
}
