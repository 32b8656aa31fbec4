import { Button } from "@digdir/designsystemet-react";
import type { RefObject } from "react";
import { useTranslation } from "react-i18next";

/**
 * The Edit and Delete buttons of a post, on its feed card and on its page: Edit for its
 * author (it loads the latest version, showing a spinner meanwhile; focus comes back to it
 * when the editor closes), Delete for its author and the project team. Hidden while editing.
 */
export function PostOwnerButtons({
  canEdit,
  canDelete,
  editing,
  opening,
  editButton,
  onEdit,
  onDelete,
  variant,
}: {
  canEdit: boolean;
  canDelete: boolean;
  editing: boolean;
  opening: boolean;
  editButton: RefObject<HTMLButtonElement | null>;
  onEdit: () => void;
  onDelete: () => void;
  variant: "secondary" | "tertiary";
}) {
  const { t } = useTranslation();
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
          onClick={onEdit}
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
