import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatOslo } from "./time";

export interface Theirs {
  body: string;
  updated_by: string | null;
  updated_at: string | null;
}

/** Both texts in one: theirs first, then mine, without repeating what is already there. */
export function keepBoth(theirs: string, mine: string): string {
  const a = theirs.trim();
  const b = mine.trim();
  if (!a) return b;
  if (!b || a === b || a.includes(b)) return a;
  if (b.includes(a)) return b;
  return `${a}\n\n${b}`;
}

/**
 * Someone else saved first. Shows their saved text and mine side by side, never overwriting
 * either, and a field to merge them in before saving.
 */
export function ConflictView({
  theirs,
  mine,
  onSave,
  saving = false,
  error,
  again = false,
}: {
  theirs: Theirs;
  mine: string;
  onSave: (merged: string) => void;
  saving?: boolean;
  error?: string;
  /** A second conflict while merging: the texts were refreshed. */
  again?: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const mergedId = useId();
  const ref = useRef<HTMLElement>(null);
  const [merged, setMerged] = useState(mine);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  const who = theirs.updated_by
    ? t("gatherings.conflict.theirs", { name: theirs.updated_by })
    : t("gatherings.conflict.theirsUnknown");

  return (
    <section className="conflict" aria-labelledby={headingId} tabIndex={-1} ref={ref} data-testid="answer-conflict">
      <Heading level={4} data-size="2xs" id={headingId}>
        {t("gatherings.conflict.title")}
      </Heading>
      <Paragraph data-size="sm">{t("gatherings.conflict.body")}</Paragraph>
      {again && (
        <Alert data-color="warning" className="notice">
          <Paragraph data-size="sm">{t("gatherings.conflict.again")}</Paragraph>
        </Alert>
      )}
      <div className="conflict__texts">
        <figure className="conflict__text" data-testid="conflict-theirs">
          <figcaption>
            {who}
            {theirs.updated_at ? `, ${formatOslo(theirs.updated_at)}` : ""}
          </figcaption>
          <pre>{theirs.body || t("gatherings.conflict.empty")}</pre>
        </figure>
        <figure className="conflict__text" data-testid="conflict-mine">
          <figcaption>{t("gatherings.conflict.mine")}</figcaption>
          <pre>{mine || t("gatherings.conflict.empty")}</pre>
        </figure>
      </div>
      <div className="inline-actions">
        <Button type="button" variant="secondary" data-size="sm" onClick={() => setMerged(keepBoth(theirs.body, mine))}>
          {t("gatherings.conflict.keepBoth")}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" onClick={() => setMerged(theirs.body)}>
          {t("gatherings.conflict.useTheirs")}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" onClick={() => setMerged(mine)}>
          {t("gatherings.conflict.useMine")}
        </Button>
      </div>
      <Textfield
        id={mergedId}
        label={t("gatherings.conflict.merged")}
        multiline
        rows={6}
        value={merged}
        onChange={(e) => setMerged(e.target.value)}
      />
      {error && (
        <Alert data-color="danger" className="notice" role="alert">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      <div>
        <Button type="button" onClick={() => onSave(merged)} loading={saving}>
          {saving ? t("gatherings.conflict.saving") : t("gatherings.conflict.save")}
        </Button>
      </div>
    </section>
  );
}
