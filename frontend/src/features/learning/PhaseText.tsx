import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../../lib/format";
import { problemMessage } from "../../lib/problem";
import { conflictCurrent, useUpdateCycle, type Cycle, type TextPhase } from "./api";
import { ConflictView } from "./ConflictView";
import { ServerHtml } from "./shared";
import { useLocalDraft } from "../../lib/useLocalDraft";

/**
 * One phase text (plan, act, observe or reflect): the saved text rendered by the server, and
 * for writers a markdown editor whose draft is kept on this device until it is saved.
 */
export function PhaseText({ cycle, field }: { cycle: Cycle; field: TextPhase }) {
  const { t } = useTranslation();
  const saved = cycle[field];
  const draft = useLocalDraft(`cycle.${cycle.id}.${field}`, saved);
  const [editing, setEditing] = useState(draft.restoredAt !== null);
  const [justSaved, setJustSaved] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: string; theirsHtml: string; mine: string } | null>(null);
  const update = useUpdateCycle(cycle.id);
  const label = t(`learning.phase.${field}`);
  const inputId = `phase-text-${field}`;

  function save(text: string, version: number, base: string) {
    setJustSaved(false);
    update.mutate(
      { [field]: text, version },
      {
        onSuccess: (next) => {
          draft.clear(next[field]);
          setConflict(null);
          setEditing(false);
          setJustSaved(true);
        },
        onError: (error) => {
          const current = conflictCurrent<Cycle>(error);
          if (!current) return;
          if (current[field] === text) {
            draft.clear(text);
            setEditing(false);
            setJustSaved(true);
          } else if (current[field] === base) {
            // Someone changed something else (the phase, hours …), not this text: save again.
            save(text, current.version, base);
          } else {
            setConflict({ theirs: current[field], theirsHtml: current[`${field}_html`], mine: text });
          }
        },
      },
    );
  }

  return (
    <section
      className={conflict || (editing && cycle.can_edit) ? "phase-text phase-text--wide" : "phase-text"}
      aria-labelledby={`${inputId}-heading`} data-field={field}>
      <Heading level={3} data-size="xs" id={`${inputId}-heading`}>
        {label}
        {cycle.phase === field && <span className="phase-text__current"> – {t("learning.cycle.currentPhase")}</span>}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t(`learning.cycle.prompt.${field}`)}
      </Paragraph>
      <div role="status" aria-live="polite" className="live-region">
        {justSaved && !editing && (
          <Paragraph data-size="sm" className="learning-saved">
            {t("learning.cycle.textSaved", { field: label })}
          </Paragraph>
        )}
      </div>
      {conflict ? (
        <ConflictView
          label={label}
          theirs={conflict.theirs}
          theirsHtml={conflict.theirsHtml}
          mine={conflict.mine}
          pending={update.isPending}
          onSave={(text) => {
            draft.setValue(text);
            save(text, cycle.version, cycle[field]);
          }}
          onUseTheirs={() => {
            draft.clear(cycle[field]);
            setConflict(null);
            setEditing(false);
          }}
        />
      ) : editing && cycle.can_edit ? (
        <div className="phase-text__editor">
          {draft.restoredAt && (
            <Alert data-color="info" className="notice" data-testid="draft-restored">
              <Paragraph>{t("learning.cycle.draftRestored", { when: formatDateTime(draft.restoredAt) })}</Paragraph>
            </Alert>
          )}
          <Textfield
            id={inputId}
            label={t("learning.cycle.textLabel", { field: label })}
            description={t("learning.cycle.markdownHint")}
            multiline
            rows={8}
            value={draft.value}
            onChange={(e) => draft.setValue(e.target.value)}
          />
          {draft.dirty && (
            <Paragraph data-size="sm" className="muted" data-testid={`draft-note-${field}`}>
              {t("learning.cycle.draftKept")}
            </Paragraph>
          )}
          {update.isError && !conflictCurrent(update.error) && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(update.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions">
            <Button type="button" loading={update.isPending} onClick={() => save(draft.value, cycle.version, saved)}>
              {t("learning.cycle.saveText", { field: label })}
            </Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                draft.clear();
                setEditing(false);
              }}
            >
              {draft.dirty ? t("learning.cycle.discard") : t("common.cancel")}
            </Button>
          </div>
          {cycle[`${field}_html`] && (
            <details className="phase-text__saved">
              <summary>{t("learning.cycle.savedVersion")}</summary>
              <ServerHtml html={cycle[`${field}_html`]} />
            </details>
          )}
        </div>
      ) : (
        <>
          <ServerHtml html={cycle[`${field}_html`]} empty={t("learning.cycle.noText")} />
          {cycle.can_edit && (
            <div>
              <Button
                type="button"
                variant="secondary"
                data-size="sm"
                onClick={() => {
                  setJustSaved(false);
                  setEditing(true);
                  requestAnimationFrame(() => document.getElementById(inputId)?.focus());
                }}
              >
                {t("learning.cycle.editText", { field: label })}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
