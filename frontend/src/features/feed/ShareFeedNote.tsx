import { Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

/** Under a visibility chooser: what sharing means for the feed, and that lowering takes it out. */
export function ShareFeedNote() {
  const { t } = useTranslation();
  return (
    <Paragraph data-size="sm" className="muted" data-testid="share-feed-note">
      {t("feed.share.feedNote")}
    </Paragraph>
  );
}
