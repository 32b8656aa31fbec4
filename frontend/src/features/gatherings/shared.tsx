import { Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import type { GatheringSummary, MyRegistration } from "./api";

/** "Scandic Lerkendal og digitalt", "Scandic Lerkendal", "Digitalt". */
export function useWhere() {
  const { t } = useTranslation();
  return (g: Pick<GatheringSummary, "place" | "online_url">) => {
    if (g.place && g.online_url) return t("gatherings.calendar.inPersonAndOnline", { place: g.place });
    if (g.place) return g.place;
    if (g.online_url) return t("gatherings.calendar.online");
    return "";
  };
}

export function useMyStatusText() {
  const { t } = useTranslation();
  return (mine: MyRegistration | null | undefined) => {
    if (!mine) return t("gatherings.tags.notRegistered");
    if (mine.status === "waiting") {
      return t("gatherings.myStatus.waiting", { position: String(mine.waiting_position ?? "?") });
    }
    return t(`gatherings.myStatus.${mine.mode}`);
  };
}

/** Cancelled, who it is for, and the reader's own registration, as tags. */
export function GatheringTags({ gathering, showMine = true }: { gathering: GatheringSummary; showMine?: boolean }) {
  const { t } = useTranslation();
  const myStatus = useMyStatusText();
  const mine = gathering.my_registration;
  return (
    <>
      {gathering.cancelled && (
        <Tag data-size="sm" data-color="danger">
          {t("gatherings.tags.cancelled")}
        </Tag>
      )}
      <Tag data-size="sm" data-color={gathering.open_to_observers ? "info" : "neutral"}>
        {gathering.open_to_observers ? t("gatherings.tags.openToObservers") : t("gatherings.tags.pilotsOnly")}
      </Tag>
      {showMine && !gathering.cancelled && (
        <Tag
          data-size="sm"
          data-color={
            !mine ? "neutral" : mine.status === "waiting" ? "warning" : mine.mode === "not_attending" ? "neutral" : "success"
          }
        >
          {myStatus(mine)}
        </Tag>
      )}
    </>
  );
}
