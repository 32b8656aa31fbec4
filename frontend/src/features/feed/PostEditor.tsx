import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemMessage } from "../../lib/problem";
import { useLocalDraft } from "../../lib/useLocalDraft";
import { conflictCurrent } from "../../lib/problem";
import { VisibilityField } from "../../components/Visibility";
import { useUpdatePost, type Post, type Visibility } from "./api";
import { parseTopics } from "./PostComposer";

export const postDraftKey = (postId: string) => `post.${postId}.edit`;

const sameTopics = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Edit one of my posts in place: its text (markdown, kept as a local draft so a reload loses
 * nothing), topics and who reads it. Saves with the version it was opened at; when someone
 * saved in between (409), the text typed here stays in the field and the saved one is shown.
 */
export function PostEditor({ post, onDone }: { post: Post; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdatePost(post.id);
  const draft = useLocalDraft(postDraftKey(post.id), post.body);
  const [topics, setTopics] = useState(post.topics.join(", "));
  const [visibility, setVisibility] = useState<Visibility>(post.visibility);
  const [missing, setMissing] = useState(false);
  /** The newer post a 409 carried: the next save is based on it. */
  const [conflict, setConflict] = useState<Post | null>(null);
  const bodyId = `${id}-body`;

  useEffect(() => {
    document.getElementById(bodyId)?.focus();
  }, [bodyId]);

  const base = conflict ?? post;
  const changed =
    draft.dirty || visibility !== post.visibility || !sameTopics(parseTopics(topics), post.topics);

  function cancel() {
    draft.clear();
    onDone(false);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    if (!draft.value.trim()) {
      setMissing(true);
      document.getElementById(bodyId)?.focus();
      return;
    }
    setMissing(false);
    update.mutate(
      { body: draft.value, topics: parseTopics(topics), visibility, version: base.version },
      {
        onSuccess: () => {
          draft.clear(draft.value);
          onDone(true);
        },
        onError: (error) => {
          const current = conflictCurrent<Post>(error);
          if (current) setConflict(current);
        },
      },
    );
  }

  function takeTheirs() {
    if (!conflict) return;
    draft.clear(conflict.body);
    setTopics(conflict.topics.join(", "));
    setVisibility(conflict.visibility);
    update.reset();
    document.getElementById(bodyId)?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && !changed && !conflict) {
      event.preventDefault();
      cancel();
    }
  }

  const server = update.isError ? fieldErrors(update.error) : {};
  const isConflict = conflict !== null && update.isError && conflictCurrent(update.error) !== null;
  return (
    <form
      className="form post-editor"
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={t("feed.post.editTitle")}
      data-testid="post-editor"
    >
      <Textfield
        id={bodyId}
        label={t("feed.post.body")}
        description={t("feed.composer.bodyHint")}
        multiline
        rows={5}
        value={draft.value}
        onChange={(e) => draft.setValue(e.target.value)}
        error={missing ? t("feed.post.bodyRequired") : server.body}
      />
      {draft.restoredAt && (
        <Paragraph data-size="sm" className="muted">
          {t("feed.comments.draftRestored")}
        </Paragraph>
      )}
      <Textfield
        id={`${id}-topics`}
        label={t("feed.composer.topics")}
        description={t("feed.composer.topicsHint")}
        value={topics}
        onChange={(e) => setTopics(e.target.value)}
      />
      <VisibilityField id={`${id}-visibility`} value={visibility} onChange={setVisibility} />
      {visibility === "workspace" && (
        <Paragraph data-size="sm" className="muted">
          {t("feed.composer.notInFeed")}
        </Paragraph>
      )}
      {isConflict && conflict ? (
        <Alert data-color="warning" className="notice" data-testid="post-conflict">
          <Heading level={4} data-size="2xs">
            {t("feed.post.conflictTitle")}
          </Heading>
          <Paragraph>{t("feed.post.conflictBody")}</Paragraph>
          <Paragraph data-size="sm">
            <strong>{t("feed.post.conflictTheirs")}</strong>
          </Paragraph>
          <pre className="post-editor__theirs" tabIndex={0} data-testid="post-conflict-theirs">
            {conflict.body}
          </pre>
          {conflict.topics.length > 0 && (
            <Paragraph data-size="sm">{conflict.topics.map((x) => `#${x}`).join(" ")}</Paragraph>
          )}
          <Button type="button" variant="secondary" data-size="sm" onClick={takeTheirs}>
            {t("feed.post.useTheirs")}
          </Button>
        </Alert>
      ) : (
        update.isError &&
        !server.body && (
          <Paragraph data-size="sm" className="feed-error" role="alert">
            {problemMessage(update.error, t)}
          </Paragraph>
        )
      )}
      <div className="form__actions">
        <Button type="submit" data-size="sm" loading={update.isPending} aria-disabled={update.isPending || undefined}>
          {isConflict ? t("feed.post.saveMine") : t("feed.post.save")}
        </Button>
        <Button type="button" data-size="sm" variant="secondary" onClick={cancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
