import { Button } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import type { usePostEditing } from "./usePostEditing";

/**
 * The Edit and Delete buttons of a post, on its feed card and on its page: Edit for its
 * author (it loads the latest version, showing a spinner meanwhile; focus comes back to it
 * when the editor closes), Delete for its author and the project team. Hidden while editing.
 */
export function PostOwnerButtons({
  edit,
  canEdit,
  canDelete,
  onDelete,
  variant,
}: {
  edit: ReturnType<typeof usePostEditing>;
  canEdit: boolean;
  canDelete: boolean;
  onDelete: () => void;
  variant: "secondary" | "tertiary";
}) {
  const { t } = useTranslation();
  const { editing, opening, editButton, start } = edit;
  if (editing) return null;
  return (
    <>
      {canEdit && (
        <Button
          type="button"
          variant={variant}
          data-size="sm"
          ref={editButton}
          loading={opening}
          aria-disabled={opening || undefined}
          onClick={() => void start()}
        >
          {t("feed.post.edit")}
        </Button>
      )}
      {canDelete && (
        <Button type="button" variant={variant} data-size="sm" data-color="danger" onClick={onDelete}>
          {t("feed.post.delete")}
        </Button>
      )}
    </>
  );
}
