import { Alert, Button, Checkbox, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { useLocalDraft } from "../../lib/useLocalDraft";
import {
  commentsQuery,
  useCreateComment,
  useDeleteComment,
  useUpdateComment,
  type Comment,
  type Person,
  type Target,
} from "./api";
import { mentionsInText, MentionTextarea } from "./MentionTextarea";
import { Reactions } from "./Reactions";
import { ReportDialog } from "./ReportDialog";
import "./feed.css";

function draftKey(target: Target, parentId?: string) {
  return `comment.${target.targetType}.${target.targetId}${parentId ? `.reply.${parentId}` : ""}`;
}

/** The note that says who reads a private comment. */
export function PrivateLabel() {
  const { t } = useTranslation();
  return (
    <span className="comment__private">
      <Tag data-color="warning" data-size="sm">
        {t("feed.comments.privateTag")}
      </Tag>{" "}
      <span className="comment__private-who">{t("feed.comments.privateWho")}</span>
    </span>
  );
}

function CommentForm({
  target,
  parent,
  canPrivate,
  onDone,
  onCancel,
}: {
  target: Target;
  parent?: Comment;
  canPrivate: boolean;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateComment(target);
  const draft = useLocalDraft(draftKey(target, parent?.id), "");
  const [mentions, setMentions] = useState<Person[]>([]);
  const [isPrivate, setPrivate] = useState(false);
  const [missing, setMissing] = useState(false);
  const [posted, setPosted] = useState(false);
  const inheritsPrivate = parent?.private === true;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPosted(false);
    if (!draft.value.trim()) {
      setMissing(true);
      document.getElementById(`${id}-body`)?.focus();
      return;
    }
    setMissing(false);
    create.mutate(
      {
        body: draft.value,
        mentions: mentionsInText(draft.value, mentions).map((p) => p.id),
        private: canPrivate && !parent ? isPrivate : false,
        ...(parent ? { parent_id: parent.id } : {}),
      },
      {
        onSuccess: () => {
          draft.clear("");
          setMentions([]);
          setPrivate(false);
          setPosted(true);
          onDone?.();
        },
      },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  return (
    <form className="comment-form" onSubmit={onSubmit} noValidate>
      <MentionTextarea
        id={`${id}-body`}
        label={parent ? t("feed.comments.replyLabel", { name: parent.author_name ?? t("feed.comments.someone") }) : t("feed.comments.newLabel")}
        description={t("feed.comments.hint")}
        value={draft.value}
        onChange={draft.setValue}
        mentions={mentions}
        onMentionsChange={setMentions}
        target={target}
        error={missing ? t("feed.comments.bodyRequired") : server.body}
        rows={parent ? 3 : 4}
        isPrivate={inheritsPrivate || (canPrivate && !parent && isPrivate)}
      />
      {draft.restoredAt && (
        <Paragraph data-size="sm" className="muted">
          {t("feed.comments.draftRestored")}
        </Paragraph>
      )}
      {canPrivate && !parent && (
        <Checkbox
          label={t("feed.comments.privateToggle")}
          description={t("feed.comments.privateWho")}
          checked={isPrivate}
          onChange={(e) => setPrivate(e.target.checked)}
          value="private"
        />
      )}
      {inheritsPrivate && (
        <Paragraph data-size="sm">
          <PrivateLabel />
        </Paragraph>
      )}
      {create.isError && !server.body && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(create.error, t)}</Paragraph>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="live-region">
        {posted && !parent && <Paragraph data-size="sm" className="feed-saved">{t("feed.comments.posted")}</Paragraph>}
      </div>
      <div className="form__actions">
        <Button type="submit" data-size="sm" loading={create.isPending}>
          {parent ? t("feed.comments.sendReply") : isPrivate ? t("feed.comments.sendPrivate") : t("feed.comments.send")}
        </Button>
        {onCancel && (
          <Button type="button" data-size="sm" variant="secondary" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

function EditForm({ target, comment, onDone }: { target: Target; comment: Comment; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateComment(target, comment.id);
  const [body, setBody] = useState(comment.body);
  const [mentions, setMentions] = useState<Person[]>(comment.mentions);
  const [missing, setMissing] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setMissing(true);
      return;
    }
    update.mutate(
      { body, mentions: mentionsInText(body, mentions).map((p) => p.id) },
      { onSuccess: () => onDone(true) },
    );
  }

  const server = update.isError ? fieldErrors(update.error) : {};
  return (
    <form className="comment-form" onSubmit={onSubmit} noValidate>
      <MentionTextarea
        id={`${id}-edit`}
        label={t("feed.comments.editLabel")}
        value={body}
        onChange={setBody}
        mentions={mentions}
        onMentionsChange={setMentions}
        target={target}
        error={missing ? t("feed.comments.bodyRequired") : server.body}
        rows={3}
        isPrivate={comment.private}
      />
      {update.isError && !server.body && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(update.error, t)}
        </Paragraph>
      )}
      <div className="form__actions">
        <Button type="submit" data-size="sm" loading={update.isPending}>
          {t("feed.comments.saveEdit")}
        </Button>
        <Button type="button" data-size="sm" variant="secondary" onClick={() => onDone(false)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function CommentView({
  target,
  comment,
  canComment,
  canPrivate,
  signedIn,
  myId,
}: {
  target: Target;
  comment: Comment;
  canComment: boolean;
  canPrivate: boolean;
  signedIn: boolean;
  myId: string | undefined;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState("");
  const remove = useDeleteComment(target, comment.id);
  const isReply = comment.parent_id != null;
  const replies = comment.replies ?? [];
  const author = comment.author_name ?? t("feed.comments.someone");

  const body = comment.deleted ? (
    <Paragraph className="comment__placeholder">{t("feed.comments.deletedPlaceholder")}</Paragraph>
  ) : comment.hidden && !comment.body ? (
    <Paragraph className="comment__placeholder">{t("feed.comments.hiddenPlaceholder")}</Paragraph>
  ) : (
    <>
      {comment.hidden && (
        <Alert data-color="warning" className="notice">
          <Paragraph data-size="sm">
            {comment.hidden_reason
              ? t("feed.comments.hiddenForYou", { reason: comment.hidden_reason })
              : t("feed.comments.hiddenPlaceholder")}
          </Paragraph>
        </Alert>
      )}
      <div className="prose comment__body" dangerouslySetInnerHTML={{ __html: comment.body_html }} />
    </>
  );

  return (
    <li id={`comment-${comment.id}`} className={isReply ? "comment comment--reply" : "comment"} data-testid="comment">
      <article
        tabIndex={-1}
        aria-label={comment.deleted ? t("feed.comments.deletedLabel") : t("feed.comments.byLabel", { name: author })}
      >
        <div className="comment__meta">
          {!comment.deleted && <strong>{author}</strong>}
          <span className="muted">{formatDateTime(comment.created_at)}</span>
          {comment.edited_at && !comment.deleted && (
            <span className="comment__edited" title={formatDateTime(comment.edited_at)}>
              {t("feed.comments.edited")}
            </span>
          )}
          {comment.private && <PrivateLabel />}
        </div>
        {editing ? (
          <EditForm
            target={target}
            comment={comment}
            onDone={(saved) => {
              setEditing(false);
              if (saved) setNotice(t("feed.comments.saved"));
            }}
          />
        ) : (
          body
        )}
        {!editing && !comment.deleted && (
          <div className="comment__actions">
            {!isReply && canComment && (
              <Button
                type="button"
                variant="tertiary"
                data-size="sm"
                aria-expanded={replying}
                onClick={() => setReplying((v) => !v)}
              >
                {t("feed.comments.reply")}
              </Button>
            )}
            {comment.can_edit && (
              <Button type="button" variant="tertiary" data-size="sm" onClick={() => setEditing(true)}>
                {t("common.edit")}
              </Button>
            )}
            {comment.can_delete && (
              <Button type="button" variant="tertiary" data-size="sm" data-color="danger" onClick={() => setConfirmDelete(true)}>
                {t("feed.comments.delete")}
              </Button>
            )}
            {signedIn && comment.author_id !== myId && !comment.hidden && (
              <Button type="button" variant="tertiary" data-size="sm" onClick={() => setReporting(true)}>
                {t("feed.report.open")}
              </Button>
            )}
          </div>
        )}
        <div role="status" aria-live="polite" className="live-region">
          {notice && <Paragraph data-size="sm" className="feed-saved">{notice}</Paragraph>}
        </div>
      </article>
      {replying && (
        <div className="comment__reply-form">
          <CommentForm
            target={target}
            parent={comment}
            canPrivate={canPrivate}
            onDone={() => {
              setReplying(false);
              setNotice(t("feed.comments.replied"));
            }}
            onCancel={() => setReplying(false)}
          />
        </div>
      )}
      {replies.length > 0 && (
        <ul className="comment-list comment-list--replies" aria-label={t("feed.comments.repliesLabel", { name: author })}>
          {replies.map((reply) => (
            <CommentView
              key={reply.id}
              target={target}
              comment={reply}
              canComment={canComment}
              canPrivate={canPrivate}
              signedIn={signedIn}
              myId={myId}
            />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={t("feed.comments.deleteTitle")}
        confirmLabel={t("feed.comments.deleteConfirm")}
        danger
        pending={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => setConfirmDelete(false) })}
      >
        <Paragraph>
          {replies.length > 0 ? t("feed.comments.deleteWithReplies") : t("feed.comments.deleteBody")}
        </Paragraph>
      </ConfirmDialog>
      {reporting && (
        <ReportDialog
          targetType="comment"
          targetId={comment.id}
          onClose={() => setReporting(false)}
          onReported={() => setNotice(t("feed.report.sent"))}
        />
      )}
    </li>
  );
}

export interface CommentThreadProps {
  targetType: string;
  targetId: string;
  /** Heading level of the thread's heading (2 on a page, 3 inside a feed item). */
  level?: 2 | 3 | 4;
  /** Show the item's reactions above the comments. */
  reactions?: boolean;
}

/**
 * The comments on one item (target_type + target_id): one level of replies, @mentions,
 * edit ("edited"), delete with confirmation (a placeholder when it has replies), a mentor's
 * private comment with who reads it, reports, and the item's reactions.
 */
export function CommentThread({ targetType, targetId, level = 2, reactions = true }: CommentThreadProps) {
  const { t } = useTranslation();
  const target: Target = { targetType, targetId };
  const { data: me } = useMe();
  const comments = useInfiniteQuery(commentsQuery(target));
  const headingId = useId();
  const first = comments.data?.pages[0];
  const items = comments.data?.pages.flatMap((p) => p.items) ?? [];
  const count = first?.count ?? items.length;
  const { hash } = useLocation();

  // A link to one comment (from a notification: …#comment-<id>) scrolls to it once it is loaded.
  useEffect(() => {
    if (!hash.startsWith("#comment-") || items.length === 0) return;
    const element = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (element) {
      element.scrollIntoView?.({ block: "center" });
      element.querySelector("article")?.focus({ preventScroll: true });
    }
  }, [hash, items.length]);

  return (
    <section className="comment-thread" aria-labelledby={headingId}>
      <Heading level={level} data-size="xs" id={headingId}>
        {t("feed.comments.title", { count })}
      </Heading>
      {reactions && <Reactions target={target} canReact={Boolean(me)} />}
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <QueryError error={comments.error} onRetry={() => void comments.refetch()} />
      ) : (
        <>
          {items.length === 0 ? (
            <Paragraph className="muted">{t("feed.comments.empty")}</Paragraph>
          ) : (
            <ul className="comment-list" data-testid="comment-list">
              {items.map((comment) => (
                <CommentView
                  key={comment.id}
                  target={target}
                  comment={comment}
                  canComment={first?.can_comment ?? false}
                  canPrivate={first?.can_comment_privately ?? false}
                  signedIn={Boolean(me)}
                  myId={me?.id}
                />
              ))}
            </ul>
          )}
          {comments.hasNextPage && (
            <Button
              variant="secondary"
              data-size="sm"
              onClick={() => void comments.fetchNextPage()}
              loading={comments.isFetchingNextPage}
            >
              {t("feed.comments.more")}
            </Button>
          )}
          {first?.can_comment ? (
            <CommentForm target={target} canPrivate={first.can_comment_privately} />
          ) : (
            me === undefined && <Paragraph className="muted">{t("feed.comments.signInToComment")}</Paragraph>
          )}
        </>
      )}
    </section>
  );
}
