import { Button, Input } from "@digdir/designsystemet-react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation, useNavigate, useSearchParams } from "react-router";

import { useMe } from "../../lib/session";
import "./knowledge.css";

/** What this feature adds to the signed-in frame: main-menu items (each an `<li>`). */
export function KnowledgeNavItems() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <>
      <li>
        <NavLink to="/questions">
          {t("knowledge.nav.questions")}
        </NavLink>
      </li>
      <li>
        <NavLink to="/resources">
          {t("knowledge.nav.resources")}
        </NavLink>
      </li>
      {me?.role === "admin" && (
        <li>
          <NavLink to="/admin/questions">{t("knowledge.nav.queue")}</NavLink>
        </li>
      )}
    </>
  );
}

/** The header's search box: a labelled search landmark that opens /search?q=. */
export function KnowledgeHeaderTools() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === "/search" ? (params.get("q") ?? "") : "";
  const [q, setQ] = useState(current);
  const inputId = useId();

  // Follow the address (back/forward on the results page; leaving it clears the box).
  useEffect(() => {
    setQ(current);
  }, [current]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const text = q.trim();
    if (!text) return;
    const type = location.pathname === "/search" ? params.get("type") : null;
    const next = new URLSearchParams({ q: text });
    if (type) next.set("type", type);
    void navigate(`/search?${next.toString()}`);
  }

  return (
    <form role="search" aria-label={t("knowledge.search.formLabel")} className="header-search" onSubmit={onSubmit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t("knowledge.search.inputLabel")}
      </label>
      <div className="header-search__row">
        <Input id={inputId} type="search" name="q" data-size="sm" value={q} onChange={(e) => setQ(e.target.value)} />
        <Button type="submit" data-size="sm">
          {t("knowledge.search.button")}
        </Button>
      </div>
    </form>
  );
}
