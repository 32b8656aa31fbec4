import { Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { problemMessage } from "../../lib/problem";
import type { useDeletePost } from "./api";

/** "Delete this post?": the post leaves the feed for everyone (on its card and its page). */
export function DeletePostDialog({
  open,
  remove,
  onClose,
}: {
  open: boolean;
  remove: ReturnType<typeof useDeletePost>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      open={open}
      title={t("feed.post.deleteTitle")}
      confirmLabel={t("feed.post.deleteConfirm")}
      danger
      pending={remove.isPending}
      error={remove.isError ? problemMessage(remove.error, t) : undefined}
      onClose={() => {
        onClose();
        remove.reset();
      }}
      onConfirm={() => {
        if (!remove.isPending) remove.mutate();
      }}
    >
      <Paragraph>{t("feed.post.deleteBody")}</Paragraph>
    </ConfirmDialog>
  );
}
