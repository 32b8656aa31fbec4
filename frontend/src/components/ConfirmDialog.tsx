import { Alert, Button, Dialog, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  /** A message shown inside the dialog when the action failed. */
  error?: string;
  danger?: boolean;
}

/** A modal question before an action that is hard to undo. Escape or Cancel closes it. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending = false,
  error,
  danger = false,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      closedby="any"
      closeButton={t("common.closeDialog")}
      aria-labelledby={titleId}
      className="confirm-dialog"
    >
      <Dialog.Block>
        <Heading level={2} data-size="xs" id={titleId}>
          {title}
        </Heading>
      </Dialog.Block>
      <Dialog.Block>
        {children}
        {error && (
          <Alert data-color="danger" className="notice">
            <Paragraph>{error}</Paragraph>
          </Alert>
        )}
        <div className="form__actions dialog-actions">
          <Button
            type="button"
            data-color={danger ? "danger" : undefined}
            onClick={onConfirm}
            loading={pending}
            aria-disabled={pending || undefined}
          >
            {confirmLabel}
          </Button>
          <Button type="button" variant="secondary" onClick={onClose} autoFocus>
            {t("common.cancel")}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}
