import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { QueryError } from "../../components/QueryError";
import { problemMessage } from "../../lib/problem";
import { calendarFile, myCalendarQuery, useResetCalendar, type Gathering } from "./api";
import { saveBlob, slug } from "./download";

/** Add one gathering to a calendar (.ics), and the personal subscription address. */
export function CalendarTools({ gathering }: { gathering: Gathering }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      saveBlob(await calendarFile(gathering.id), `${slug(gathering.title)}.ics`);
    } catch (error) {
      setDownloadError(t("gatherings.errors.downloadFailed", { message: problemMessage(error, t) }));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("gatherings.calendarTools.title")}
      </Heading>
      <Paragraph data-size="sm">{t("gatherings.calendarTools.downloadHelp")}</Paragraph>
      <div>
        <Button variant="secondary" onClick={() => void download()} loading={downloading}>
          {downloading ? t("gatherings.calendarTools.downloading") : t("gatherings.calendarTools.download")}
        </Button>
      </div>
      {downloadError && (
        <Alert data-color="danger" className="notice" role="alert">
          <Paragraph>{downloadError}</Paragraph>
        </Alert>
      )}
      <Subscription />
    </section>
  );
}

function Subscription() {
  const { t } = useTranslation();
  const feed = useQuery(myCalendarQuery());
  const reset = useResetCalendar();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState("");

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("gatherings.calendarTools.copied"));
    } catch {
      setMessage(t("gatherings.calendarTools.copyFailed"));
    }
  }

  return (
    <>
      <Heading level={3} data-size="2xs">
        {t("gatherings.calendarTools.subscribeTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("gatherings.calendarTools.subscribeHelp")}</Paragraph>
      {feed.isPending ? null : feed.isError ? (
        <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
      ) : (
        <>
          <div className="copy-row">
            <Textfield
              label={t("gatherings.calendarTools.address")}
              value={feed.data.url}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button variant="secondary" onClick={() => void copy(feed.data.url)}>
              {t("gatherings.calendarTools.copy")}
            </Button>
          </div>
          <div>
            <Button variant="tertiary" data-size="sm" onClick={() => setConfirming(true)}>
              {t("gatherings.calendarTools.reset")}
            </Button>
          </div>
        </>
      )}
      <p role="status" className="live-region">
        {message}
      </p>
      <ConfirmDialog
        open={confirming}
        title={t("gatherings.calendarTools.resetTitle")}
        confirmLabel={t("gatherings.calendarTools.resetConfirm")}
        danger
        pending={reset.isPending}
        error={reset.isError ? problemMessage(reset.error, t) : undefined}
        onClose={() => {
          setConfirming(false);
          reset.reset();
        }}
        onConfirm={() =>
          reset.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              setMessage(t("gatherings.calendarTools.resetDone"));
            },
          })
        }
      >
        <Paragraph>{t("gatherings.calendarTools.resetBody")}</Paragraph>
      </ConfirmDialog>
    </>
  );
}
