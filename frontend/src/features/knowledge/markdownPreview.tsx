import { Fragment, type ReactNode } from "react";

/**
 * A preview of markdown as React elements (never HTML strings): paragraphs, headings, lists,
 * **bold**, *italics*, `code` and [links](https://…) with http(s) addresses only. The server
 * renders the stored answer itself; this only shows the writer roughly how it will look.
 */
export function renderInline(text: string, keyPrefix = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /(\*\*([^*]+)\*\*|\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\))/g;
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const key = `${keyPrefix}-${n++}`;
    if (match[2] !== undefined) out.push(<strong key={key}>{match[2]}</strong>);
    else if (match[3] !== undefined) out.push(<em key={key}>{match[3]}</em>);
    else if (match[4] !== undefined) out.push(<em key={key}>{match[4]}</em>);
    else if (match[5] !== undefined) out.push(<code key={key}>{match[5]}</code>);
    else if (match[6] !== undefined && match[7] !== undefined) {
      const href = match[7];
      out.push(
        /^https?:\/\//i.test(href) ? (
          <a key={key} href={href} rel="noopener noreferrer" target="_blank">
            {match[6]}
          </a>
        ) : (
          <Fragment key={key}>{match[6]}</Fragment>
        ),
      );
    }
    last = index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block =
  | { kind: "p"; lines: string[] }
  | { kind: "h"; level: number; text: string }
  | { kind: "ul" | "ol"; items: string[] };

export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const open: { block: Block | null } = { block: null };
  const flush = () => {
    if (open.block) blocks.push(open.block);
    open.block = null;
  };
  for (const raw of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const current = open.block;
    if (!line.trim()) {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ kind: "h", level: heading[1]?.length ?? 1, text: heading[2] ?? "" });
    } else if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      const text = (bullet ?? numbered)?.[1] ?? "";
      if (current && current.kind === kind) {
        current.items.push(text);
      } else {
        flush();
        open.block = { kind, items: [text] };
      }
    } else if (current && current.kind === "p") {
      current.lines.push(line);
    } else {
      flush();
      open.block = { kind: "p", lines: [line] };
    }
  }
  flush();
  return blocks;
}

export function MarkdownPreview({ markdown }: { markdown: string }) {
  return (
    <>
      {parseBlocks(markdown).map((block, i) => {
        if (block.kind === "h") {
          // Headings inside an answer sit below the page's own h2/h3: shown as strong text.
          return (
            <p key={i}>
              <strong>{renderInline(block.text, `h${i}`)}</strong>
            </p>
          );
        }
        if (block.kind !== "p") {
          const Tag = block.kind;
          return (
            <Tag key={i}>
              {block.items.map((item, j) => (
                <li key={j}>{renderInline(item, `l${i}-${j}`)}</li>
              ))}
            </Tag>
          );
        }
        return (
          <p key={i}>
            {block.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                {renderInline(line, `p${i}-${j}`)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </>
  );
}
