import { Chip, Label, Paragraph, Spinner, ValidationMessage } from "@digdir/designsystemet-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "../api/schema";
import { api } from "../lib/api-client";
import { call } from "../lib/problem";

export type Municipality = components["schemas"]["MunicipalityOut"];

const MAX_OPTIONS = 8;

/** The text typed, after a short pause, so every keystroke does not become a request. */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export interface MunicipalityComboboxProps {
  id: string;
  label: string;
  description?: string;
  value: Municipality[];
  onChange: (value: Municipality[]) => void;
  error?: string;
  /** Debounce of the search (ms). */
  delay?: number;
  readOnly?: boolean;
}

/**
 * Choose one or more municipalities by typing part of the name or number (ARIA 1.2 combobox
 * with a listbox). The chosen ones are shown as removable chips.
 */
export function MunicipalityCombobox({
  id,
  label,
  description,
  value,
  onChange,
  error,
  delay = 200,
  readOnly = false,
}: MunicipalityComboboxProps) {
  const { t } = useTranslation();
  const listId = useId();
  const descriptionId = useId();
  const errorId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState("");
  const term = useDebounced(text.trim(), delay);

  const search = useQuery({
    queryKey: ["municipalities", term],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/municipalities", { params: { query: { q: term, limit: 20 } }, signal })),
    enabled: term.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });

  const chosen = new Set(value.map((m) => m.number));
  const options =
    term.length > 0 && text.trim().length > 0
      ? (search.data?.items ?? []).filter((m) => !chosen.has(m.number)).slice(0, MAX_OPTIONS)
      : [];
  const expanded = open && text.trim().length > 0;
  const waiting = text.trim() !== term || search.isFetching;

  useEffect(() => {
    setActive(-1);
  }, [term]);

  const resultsText = !expanded
    ? ""
    : waiting
      ? t("combobox.searching")
      : search.isError
        ? t("combobox.error")
        : options.length === 0
          ? t("combobox.noResults")
          : t("combobox.results", { count: options.length });

  function choose(municipality: Municipality) {
    onChange([...value, municipality]);
    setText("");
    setOpen(false);
    setActive(-1);
    setAnnouncement(t("combobox.added", { name: municipality.name }));
    inputRef.current?.focus();
  }

  function remove(municipality: Municipality) {
    onChange(value.filter((m) => m.number !== municipality.number));
    setAnnouncement(t("combobox.removed", { name: municipality.name }));
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0) setActive((i) => (i + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0) setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === "Enter") {
      if (expanded && options.length > 0) {
        event.preventDefault(); // never submit the form from here
        const pick = options[active >= 0 ? active : 0];
        if (pick) choose(pick);
      } else if (expanded) {
        event.preventDefault();
      }
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        setText("");
      }
    } else if (event.key === "Backspace" && text === "" && value.length > 0) {
      const last = value[value.length - 1];
      if (last) remove(last);
    }
  }

  const describedBy = [description ? descriptionId : null, error ? errorId : null, statusId]
    .filter(Boolean)
    .join(" ");
  const activeOption = active >= 0 ? options[active] : undefined;

  return (
    <div className="combobox">
      <Label htmlFor={id}>{label}</Label>
      {description && (
        <Paragraph data-size="sm" id={descriptionId} className="field-description">
          {description}
        </Paragraph>
      )}
      {value.length > 0 && (
        <ul className="chip-list" aria-label={t("combobox.chosen", { label })}>
          {value.map((m) => (
            <li key={m.number}>
              {readOnly ? (
                <span className="chip-static">{m.name}</span>
              ) : (
                <Chip.Removable
                  type="button"
                  aria-label={t("combobox.remove", { name: m.name })}
                  onClick={() => remove(m)}
                >
                  {m.name}
                </Chip.Removable>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="combobox__control">
          <input
            ref={inputRef}
            id={id}
            className="ds-input"
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={activeOption ? `${listId}-${activeOption.number}` : undefined}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            value={text}
            placeholder={t("combobox.placeholder")}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
          {expanded && waiting && <Spinner aria-hidden data-size="sm" className="combobox__spinner" />}
          <ul
            id={listId}
            role="listbox"
            aria-label={label}
            className="combobox__list"
            hidden={!expanded || options.length === 0}
          >
            {options.map((m, index) => (
              <li
                key={m.number}
                id={`${listId}-${m.number}`}
                role="option"
                aria-selected={index === active}
                className="combobox__option"
                // mousedown, so the input keeps focus (blur would close the list first)
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(m);
                }}
              >
                <span className="combobox__name">{m.name}</span>{" "}
                <span className="combobox__meta">
                  {m.county_name} · {m.number}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div id={statusId} role="status" aria-live="polite" className="visually-hidden">
        {[resultsText, announcement].filter(Boolean).join(". ")}
      </div>
      {error && <ValidationMessage id={errorId}>{error}</ValidationMessage>}
    </div>
  );
}
