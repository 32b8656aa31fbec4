import { Alert, Button, Dialog, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemMessage } from "../../lib/problem";
import { useReport } from "./api";

/** Report a comment or post to the project team, with a reason. Open while mounted. */
export function ReportDialog({
  targetType,
  targetId,
  onClose,
  onReported,
}: {
  targetType: "comment" | "post";
  targetId: string;
  onClose: () => void;
  onReported: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const reasonId = useId();
  const report = useReport();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    report.mutate(
      { target_type: targetType, target_id: targetId, reason: reason.trim() },
      {
        onSuccess: () => {
          onReported();
          onClose();
        },
      },
    );
  }

  const server = report.isError ? fieldErrors(report.error) : {};
  return (
    <Dialog open onClose={onClose} closedby="any" closeButton={t("common.closeDialog")} aria-labelledby={titleId}>
      <Dialog.Block>
        <Heading level={2} data-size="xs" id={titleId}>
          {targetType === "comment" ? t("feed.report.titleComment") : t("feed.report.titlePost")}
        </Heading>
      </Dialog.Block>
      <Dialog.Block>
        <form onSubmit={onSubmit} noValidate className="form">
          <Paragraph data-size="sm">{t("feed.report.intro")}</Paragraph>
          <Textfield
            id={reasonId}
            label={t("feed.report.reason")}
            multiline
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={missing ? t("feed.report.reasonRequired") : server.reason}
          />
          {report.isError && !server.reason && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(report.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions dialog-actions">
            <Button type="submit" loading={report.isPending}>
              {t("feed.report.send")}
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
