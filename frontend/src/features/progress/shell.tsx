import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

import { useMe } from "../../lib/session";

/** What this feature adds to the signed-in frame: main-menu items (each an `<li>`). */
export function ProgressNavItems() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <>
      <li>
        <NavLink to="/progress">{t("progress.nav.network")}</NavLink>
      </li>
      {me?.role === "admin" && (
        <li>
          <NavLink to="/admin/overview">{t("progress.nav.overview")}</NavLink>
        </li>
      )}
    </>
  );
}

/** What this feature adds to the header's tools (beside the language switcher). */
export function ProgressHeaderTools() {
  return null;
}
