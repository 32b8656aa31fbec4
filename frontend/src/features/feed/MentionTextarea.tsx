import { Label, Paragraph, ValidationMessage } from "@digdir/designsystemet-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { mentionableQuery, type Person, type Target } from "./api";

const MAX_OPTIONS = 8;

/** The "@query" being typed right before the caret, if any. */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1) return null;
  if (at > 0 && !/\s/.test(before[at - 1] ?? "")) return null; // e.g. an email address
  const query = before.slice(at + 1);
  if (query.includes("\n") || query.length > 40 || /\s\s/.test(query)) return null;
  if (query.startsWith(" ")) return null;
  return { start: at, query };
}

/** The people whose "@Name" is still in the text (a mention deleted from the text is no mention). */
export function mentionsInText(text: string, people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    if (seen.has(p.id) || !text.includes(`@${p.name}`)) return false;
    seen.add(p.id);
    return true;
  });
}

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export interface MentionTextareaProps {
  id: string;
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  /** The people chosen from the suggestions so far. */
  mentions: Person[];
  onMentionsChange: (people: Person[]) => void;
  target: Target;
  error?: string;
  rows?: number;
  delay?: number;
  /** A private comment: only the team's people can be mentioned. */
  isPrivate?: boolean;
}

/**
 * A text area where "@" starts an autocomplete of the people who can read the item
 * (GET /comments/mentionable): arrow keys move through the suggestions, Enter or Tab
 * chooses, Escape closes. The text area is the textbox that owns the listbox
 * (aria-autocomplete, aria-controls, aria-activedescendant); a polite status tells how many
 * people match.
 */
export function MentionTextarea({
  id,
  label,
  description,
  value,
  onChange,
  mentions,
  onMentionsChange,
  target,
  error,
  rows = 4,
  delay = 150,
  isPrivate = false,
}: MentionTextareaProps) {
  const { t } = useTranslation();
  const listId = useId();
  const hintId = useId();
  const statusId = useId();
  const errorId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState("");

  const typed = activeMention(value, caret);
  // A person already chosen here is a finished mention, not a search.
  const mention =
    typed && mentions.some((p) => typed.query.length >= p.name.length && typed.query.startsWith(p.name))
      ? null
      : typed;
  const open = mention !== null && dismissed !== mention.start;
  const term = useDebounced(open ? mention.query : null, delay);
  const search = useQuery({
    ...mentionableQuery(target, term ?? "", isPrivate),
    enabled: term !== null,
    placeholderData: keepPreviousData,
  });
  const options = open && term !== null ? (search.data ?? []).slice(0, MAX_OPTIONS) : [];
  const expanded = open && options.length > 0;
  const waiting = open && (term !== mention?.query || search.isFetching);

  useEffect(() => {
    setActive(-1);
  }, [term]);

  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pendingCaret.current !== null) {
      el.focus();
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  function choose(person: Person) {
    if (!mention) return;
    const insert = `@${person.name} `;
    const next = value.slice(0, mention.start) + insert + value.slice(caret);
    const position = mention.start + insert.length;
    onChange(next);
    if (!mentions.some((m) => m.id === person.id)) onMentionsChange([...mentions, person]);
    setAnnouncement(t("feed.mention.added", { name: person.name }));
    setCaret(position);
    // Placed right after React has written the new text (see the layout effect), not in a
    // later frame, so a key pressed at once lands after the name.
    pendingCaret.current = position;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!expanded) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === "Enter" || (event.key === "Tab" && active >= 0)) {
      // Enter takes the highlighted person, or the first when none is highlighted yet.
      const pick = options[active] ?? options[0];
      if (pick) {
        event.preventDefault();
        choose(pick);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation(); // close the list, not a dialog around it
      if (mention) setDismissed(mention.start);
    }
  }

  const resultsText = !open
    ? ""
    : waiting && options.length === 0
      ? t("feed.mention.searching")
      : options.length === 0
        ? t("feed.mention.none")
        : t("feed.mention.results", { count: options.length });
  const activeOption = expanded && active >= 0 ? options[active] : undefined;
  const describedBy = [description ? hintId : null, error ? errorId : null, statusId].filter(Boolean).join(" ");

  return (
    <div className="combobox mention">
      <Label htmlFor={id}>{label}</Label>
      {description && (
        <Paragraph data-size="sm" id={hintId} className="field-description">
          {description}
        </Paragraph>
      )}
      <div className="combobox__control mention__control">
        <textarea
          ref={ref}
          id={id}
          className="ds-input mention__input"
          rows={rows}
          value={value}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={activeOption ? `${listId}-${activeOption.id}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setDismissed(null);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (mention) setDismissed(mention.start);
          }}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={t("feed.mention.listLabel")}
          className="combobox__list"
          hidden={!expanded}
        >
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${person.id}`}
              role="option"
              aria-selected={index === active}
              className="combobox__option"
              onMouseDown={(e) => {
                e.preventDefault();
                choose(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      </div>
      <div id={statusId} role="status" aria-live="polite" className="visually-hidden">
        {[resultsText, announcement].filter(Boolean).join(". ")}
      </div>
      {error && <ValidationMessage id={errorId}>{error}</ValidationMessage>}
    </div>
  );
}
