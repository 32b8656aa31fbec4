import { Alert, Button, Dialog, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { reportsQuery, useHide, type Report } from "./api";
import "./feed.css";

function HideDialog({ report, onClose, onHidden }: { report: Report; onClose: () => void; onHidden: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const reasonId = useId();
  const hide = useHide();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    hide.mutate(
      { target_type: report.target_type as "comment" | "post", target_id: report.target_id, reason: reason.trim() },
      {
        onSuccess: () => {
          onHidden();
          onClose();
        },
      },
    );
  }

  const server = hide.isError ? fieldErrors(hide.error) : {};
  return (
    <Dialog open onClose={onClose} closedby="any" closeButton={t("common.closeDialog")} aria-labelledby={titleId}>
      <Dialog.Block>
        <Heading level={2} data-size="xs" id={titleId}>
          {t("feed.moderation.hideTitle")}
        </Heading>
      </Dialog.Block>
      <Dialog.Block>
        <form onSubmit={onSubmit} noValidate className="form">
          <Paragraph data-size="sm">{t("feed.moderation.hideIntro")}</Paragraph>
          <Textfield
            id={reasonId}
            label={t("feed.moderation.reason")}
            multiline
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={missing ? t("feed.moderation.reasonRequired") : server.reason}
          />
          {hide.isError && !server.reason && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(hide.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions dialog-actions">
            <Button type="submit" data-color="danger" loading={hide.isPending}>
              {t("feed.moderation.hide")}
            </Button>
            <Button type="button" variant="secondary" onClick={onClose}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      </Dialog.Block>
    </Dialog>
  );
}

function ReportRow({ report, onHidden }: { report: Report; onHidden: () => void }) {
  const { t } = useTranslation();
  const [hiding, setHiding] = useState(false);
  return (
    <li className="row-list__item" data-testid="report">
      <div className="row-list__main">
        <div className="row-list__tags">
          <Tag data-size="sm" data-color="accent">
            {report.target_type === "post" ? t("feed.moderation.post") : t("feed.moderation.comment")}
          </Tag>
          {report.hidden && (
            <Tag data-size="sm" data-color="warning">
              {t("feed.moderation.hidden")}
            </Tag>
          )}
        </div>
        <blockquote className="moderation__excerpt">{report.excerpt}</blockquote>
        <Paragraph data-size="sm">
          {t("feed.moderation.author", { name: report.author_name ?? t("feed.comments.someone") })}
        </Paragraph>
        <Paragraph data-size="sm">
          {t("feed.moderation.reportedBy", {
            name: report.reporter_name ?? t("feed.comments.someone"),
            when: formatDateTime(report.created_at),
          })}
        </Paragraph>
        <Paragraph data-size="sm">
          <strong>{t("feed.moderation.reportReason")}</strong> {report.reason}
        </Paragraph>
      </div>
      {!report.hidden && (
        <Button type="button" variant="secondary" data-color="danger" data-size="sm" onClick={() => setHiding(true)}>
          {t("feed.moderation.hide")}
        </Button>
      )}
      {hiding && <HideDialog report={report} onClose={() => setHiding(false)} onHidden={onHidden} />}
    </li>
  );
}

/** The project team's list of reported comments and posts, with "hide" and a reason. */
export function ModerationPage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.moderation.title"));
  const reports = useInfiniteQuery(reportsQuery());
  const [notice, setNotice] = useState("");
  const items = reports.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeading>{t("feed.moderation.title")}</PageHeading>
      <Paragraph>{t("feed.moderation.intro")}</Paragraph>
      <div role="status" aria-live="polite" className="live-region">
        {notice && <Paragraph data-size="sm" className="feed-saved">{notice}</Paragraph>}
      </div>
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <QueryError error={reports.error} onRetry={() => void reports.refetch()} />
      ) : items.length === 0 ? (
        <Paragraph className="empty-state">{t("feed.moderation.empty")}</Paragraph>
      ) : (
        <>
          <ul className="row-list" data-testid="report-list">
            {items.map((report) => (
              <ReportRow key={report.id} report={report} onHidden={() => setNotice(t("feed.moderation.hiddenNotice"))} />
            ))}
          </ul>
          {reports.hasNextPage && (
            <div>
              <Button variant="secondary" onClick={() => void reports.fetchNextPage()} loading={reports.isFetchingNextPage}>
                {t("common.loadMore")}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
