import { Alert, Button, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { summaryQuery, type Gathering } from "./api";
import { slug } from "./download";
import { BackToCalendar, GatheringError, useGatheringFromRoute } from "./GatheringPage";
import "./gatherings.css";

/**
 * The server's printable page → the part to show inside our page: its <main>, with every
 * heading one level down (the page has its own h1). The HTML is the server's sanitised
 * Markdown rendering.
 */
export function summaryBody(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const main = doc.querySelector("main") ?? doc.body;
  for (const level of [5, 4, 3, 2, 1]) {
    for (const heading of Array.from(main.querySelectorAll(`h${level}`))) {
      const lower = doc.createElement(`h${level + 1}`);
      lower.innerHTML = heading.innerHTML;
      heading.replaceWith(lower);
    }
  }
  return main.innerHTML;
}

function useBlobUrl(text: string | undefined, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (text === undefined) return;
    const next = URL.createObjectURL(new Blob([text], { type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [text, type]);
  return url;
}

export function SummaryPage() {
  const { t } = useTranslation();
  const { gathering } = useGatheringFromRoute();
  usePageTitle(gathering.data ? t("gatherings.summary.title", { title: gathering.data.title }) : t("gatherings.page.summary"));
  if (gathering.isPending) return <Loading />;
  if (gathering.isError) return <GatheringError error={gathering.error} onRetry={() => void gathering.refetch()} />;
  return <Summary gathering={gathering.data} />;
}

function Summary({ gathering }: { gathering: Gathering }) {
  const { t } = useTranslation();
  const html = useQuery(summaryQuery(gathering.id, "html"));
  const md = useQuery(summaryQuery(gathering.id, "md"));
  const body = useMemo(() => (html.data ? summaryBody(html.data) : ""), [html.data]);
  const mdUrl = useBlobUrl(md.data, "text/markdown;charset=utf-8");
  const htmlUrl = useBlobUrl(html.data, "text/html;charset=utf-8");
  const error = html.error ?? md.error;

  return (
    <>
      <PageHeading>{t("gatherings.summary.title", { title: gathering.title })}</PageHeading>
      <Paragraph>{t("gatherings.summary.intro")}</Paragraph>
      {(mdUrl || htmlUrl) && (
        <div className="inline-actions">
          {mdUrl && (
            <Button asChild variant="secondary">
              <a href={mdUrl} download={`${slug(gathering.title)}-oppsummering.md`}>
                {t("gatherings.summary.downloadMd")}
              </a>
            </Button>
          )}
          {htmlUrl && (
            <Link href={htmlUrl} target="_blank" rel="noopener">
              {t("gatherings.summary.print")} <span className="visually-hidden">({t("gatherings.summary.printHelp")})</span>
            </Link>
          )}
        </div>
      )}
      {html.isPending ? (
        <Loading />
      ) : error ? (
        problemCode(error) === "forbidden" ? (
          <Alert data-color="info" className="notice">
            <Paragraph>{t("gatherings.groups.forbidden")}</Paragraph>
          </Alert>
        ) : (
          <Alert data-color="danger" className="notice">
            <Paragraph>{problemMessage(error, t)}</Paragraph>
            <Button variant="secondary" data-size="sm" className="notice__action" onClick={() => void html.refetch()}>
              {t("common.retry")}
            </Button>
          </Alert>
        )
      ) : body.trim() ? (
        <article className="summary-document rendered" dangerouslySetInnerHTML={{ __html: body }} />
      ) : (
        <Paragraph className="empty-state">{t("gatherings.summary.empty")}</Paragraph>
      )}
      <BackToCalendar />
    </>
  );
}
