import { Fragment, type ReactNode } from "react";

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Turn the HTML entities of an escaped text back into characters (React escapes them again). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) {
      const code = Number.parseInt(name.slice(2), 16);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (name.startsWith("#")) {
      const code = Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

export interface SnippetPart {
  text: string;
  marked: boolean;
}

/**
 * Split a snippet from the search API (HTML-escaped text with `<mark>…</mark>` around the
 * matches) into plain and marked parts. Only the exact tags `<mark>` and `</mark>` are
 * understood; anything else that looks like markup stays text, so it can never become HTML.
 */
export function parseSnippet(html: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  for (const token of html.split(/(<\/?mark>)/i)) {
    const lower = token.toLowerCase();
    if (lower === "<mark>") {
      marked = true;
      continue;
    }
    if (lower === "</mark>") {
      marked = false;
      continue;
    }
    if (!token) continue;
    const text = decodeEntities(token);
    const last = parts[parts.length - 1];
    if (last && last.marked === marked) last.text += text;
    else parts.push({ text, marked });
  }
  return parts;
}

/** A search snippet with its matches highlighted; rendered as React text, never as HTML. */
export function Snippet({ html, className }: { html: string; className?: string }): ReactNode {
  return (
    <span className={className}>
      {parseSnippet(html).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>,
      )}
    </span>
  );
}
