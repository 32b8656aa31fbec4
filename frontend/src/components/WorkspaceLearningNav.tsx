import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

import "./WorkspaceLearningNav.css";

/** The workspace's action-learning sections, shown on each of its pages. */
export function WorkspaceLearningNav({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const base = `/workspaces/${workspaceId}`;
  return (
    <nav aria-label={t("learning.nav.label")} className="learning-nav">
      <ul>
        <li>
          <NavLink to={base} end>
            {t("learning.nav.workspace")}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/overview`}>{t("learning.nav.overview")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/project`}>{t("learning.nav.project")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/drivers`}>{t("learning.drivers.nav")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/cycles`}>{t("learning.nav.cycles")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/measures`}>{t("learning.nav.measures")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/progress`}>{t("progress.nav.workspace")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
