import { Button } from "@digdir/designsystemet-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { CommentThread } from "./CommentThread";

/** A comment thread behind a button (for lists such as a cycle's log entries). */
export function CollapsedComments({
  targetType,
  targetId,
  level = 3,
}: {
  targetType: string;
  targetId: string;
  level?: 3 | 4;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="collapsed-comments">
      <Button
        type="button"
        variant="tertiary"
        data-size="sm"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        {open ? t("feed.item.hideComments") : t("feed.comments.showOnEntry")}
      </Button>
      <div id={id} hidden={!open}>
        {open && <CommentThread targetType={targetType} targetId={targetId} level={level} />}
      </div>
    </div>
  );
}
