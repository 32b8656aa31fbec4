import { Button, Details, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useAutosave, type AutosaveStatus } from "../../lib/autosave";
import { conflictCurrent, problemMessage } from "../../lib/problem";
import { historyQuery, saveAnswer, type Answer, type Prompt } from "./api";
import { ConflictView, type Theirs } from "./ConflictView";
import { formatOslo } from "./time";

/** The saved answer a 409 carries in `current`. */
function conflictAnswer(error: unknown): Answer | null {
  return conflictCurrent<Answer>(error, (c) => {
    const answer = c as Answer;
    return typeof answer.version === "number" && typeof answer.body === "string";
  });
}

function SaveStatus({ status }: { status: AutosaveStatus }) {
  const { t } = useTranslation();
  return (
    <span role="status" className={`save-status save-status--${status}`} data-testid="answer-save-status">
      {t(`gatherings.groups.autosave.${status}`)}
    </span>
  );
}

function SavedBy({ answer }: { answer: Answer }) {
  const { t } = useTranslation();
  if (!answer.updated_by || !answer.updated_at) return null;
  return (
    <span className="muted">
      {t("gatherings.groups.savedBy", { name: answer.updated_by, when: formatOslo(answer.updated_at) })}
    </span>
  );
}

/** One group's shared answer to one prompt: read-only, or edited with autosave and merge. */
export function AnswerBlock({
  groupId,
  prompt,
  answer,
  canEdit,
  onSaved,
}: {
  groupId: string;
  prompt: Prompt;
  answer: Answer;
  canEdit: boolean;
  onSaved: (answer: Answer) => void;
}) {
  const { t } = useTranslation();
  const promptId = useId();
  return (
    <div className="answer" role="group" aria-labelledby={promptId}>
      <Paragraph className="answer__prompt" id={promptId}>
        {prompt.text}
      </Paragraph>
      {canEdit ? (
        <AnswerEditor groupId={groupId} prompt={prompt} answer={answer} onSaved={onSaved} />
      ) : answer.body_html ? (
        <>
          <div className="rendered" dangerouslySetInnerHTML={{ __html: answer.body_html }} />
          <div className="answer__status">
            <SavedBy answer={answer} />
          </div>
        </>
      ) : (
        <Paragraph className="muted">{t("gatherings.groups.notAnswered")}</Paragraph>
      )}
      {answer.version > 0 && <History groupId={groupId} promptId={prompt.id} version={answer.version} />}
    </div>
  );
}

function AnswerEditor({
  groupId,
  prompt,
  answer,
  onSaved,
}: {
  groupId: string;
  prompt: Prompt;
  answer: Answer;
  onSaved: (answer: Answer) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(answer.body);
  const [last, setLast] = useState<Answer>(answer);
  const [theirs, setTheirs] = useState<Answer | null>(null);
  const [again, setAgain] = useState(false);
  const [merging, setMerging] = useState(false);
  const [mergeError, setMergeError] = useState<string | undefined>();
  const autosave = useAutosave<string>({
    version: answer.version,
    delay: 1000,
    save: async (body, version) => {
      const saved = await saveAnswer(groupId, prompt.id, body, version);
      setLast(saved);
      onSaved(saved);
      return saved.version;
    },
  });

  // A 409 from autosave: keep what I wrote, and show what was saved meanwhile.
  useEffect(() => {
    if (autosave.status === "conflict") {
      const current = conflictAnswer(autosave.error);
      if (current) setTheirs(current);
    }
  }, [autosave.status, autosave.error]);

  // Others saved (seen by the live refresh) while I have nothing unsaved: show their text.
  const { saver, reset } = autosave;
  useEffect(() => {
    if (theirs) return;
    if (answer.version > saver.currentVersion && !saver.dirty && saver.current.status !== "conflict") {
      setText(answer.body);
      setLast(answer);
      reset(answer.version);
    }
  }, [answer, theirs, saver, reset]);

  async function saveMerged(merged: string) {
    if (!theirs) return;
    setMerging(true);
    setMergeError(undefined);
    try {
      const saved = await saveAnswer(groupId, prompt.id, merged, theirs.version);
      setText(saved.body);
      setLast(saved);
      setTheirs(null);
      setAgain(false);
      reset(saved.version);
      onSaved(saved);
    } catch (error) {
      const current = conflictAnswer(error);
      if (current) {
        setTheirs(current);
        setAgain(true);
      } else {
        setMergeError(problemMessage(error, t));
      }
    } finally {
      setMerging(false);
    }
  }

  if (theirs) {
    const view: Theirs = { body: theirs.body, updated_by: theirs.updated_by, updated_at: theirs.updated_at };
    return (
      <ConflictView
        key={theirs.version}
        theirs={view}
        mine={text}
        onSave={(merged) => void saveMerged(merged)}
        saving={merging}
        error={mergeError}
        again={again}
      />
    );
  }

  return (
    <>
      <Textfield
        label={t("gatherings.groups.answerLabel")}
        multiline
        rows={5}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          autosave.schedule(e.target.value);
        }}
      />
      <div className="answer__status">
        <SaveStatus status={autosave.status} />
        <SavedBy answer={last} />
      </div>
      {autosave.status === "error" && (
        <div>
          <Paragraph data-size="sm">{problemMessage(autosave.error, t)}</Paragraph>
          <Button type="button" variant="secondary" data-size="sm" onClick={() => void autosave.flush()}>
            {t("gatherings.groups.retry")}
          </Button>
        </div>
      )}
    </>
  );
}

function History({ groupId, promptId, version }: { groupId: string; promptId: string; version: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <Details.Summary>{t("gatherings.groups.history")}</Details.Summary>
      <Details.Content>{open && <HistoryList groupId={groupId} promptId={promptId} version={version} />}</Details.Content>
    </Details>
  );
}

function HistoryList({ groupId, promptId, version }: { groupId: string; promptId: string; version: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const history = useQuery(historyQuery(groupId, promptId));
  // A newer version was saved: the list is stale.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: historyQuery(groupId, promptId).queryKey });
  }, [version, groupId, promptId, queryClient]);
  if (history.isPending) return <Loading />;
  if (history.isError) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <Paragraph>{t("gatherings.groups.historyEmpty")}</Paragraph>;
  return (
    <ol className="history">
      {history.data.map((r) => (
        <li key={r.version}>
          <strong>
            {t("gatherings.groups.historyVersion", {
              version: String(r.version),
              author: r.author ?? t("gatherings.groups.unknownAuthor"),
              when: formatOslo(r.created_at),
            })}
          </strong>
          <pre>{r.body}</pre>
        </li>
      ))}
    </ol>
  );
}
