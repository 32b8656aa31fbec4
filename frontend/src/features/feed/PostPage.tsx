import { Alert, Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { downloadFile, type StoredFile } from "../../lib/files";
import { formatSize } from "../../lib/format";
import { VisibilityTag } from "../../components/Visibility";
import { postQuery, useDeletePost, type Post } from "./api";
import { CommentThread } from "./CommentThread";
import { DeletePostDialog } from "./DeletePostDialog";
import { PostEditor } from "./PostEditor";
import { PostOwnerButtons } from "./PostOwnerButtons";
import { usePostEditing } from "./usePostEditing";
import { ReportDialog } from "./ReportDialog";
import "./feed.css";

/** What the feed passes along to say the post was deleted (see FeedPage). */
export interface FeedLocationState {
  notice?: "postDeleted";
}

const TITLE_LENGTH = 120;

/**
 * The post's title as the feed shows it: the first line of its text (as plain text), cut at
 * 120 characters. Empty when the reader does not see the text (hidden by the project team).
 */
export function postTitle(bodyHtml: string): string {
  if (!bodyHtml.trim()) return "";
  const text = new DOMParser().parseFromString(bodyHtml, "text/html").body.textContent ?? "";
  const first = (text.trim().split("\n", 1)[0] ?? "").replace(/[ \t]+/g, " ").trim();
  return first.length <= TITLE_LENGTH ? first : `${first.slice(0, TITLE_LENGTH - 1).trimEnd()}…`;
}

export function PostPage() {
  const { t } = useTranslation();
  const { postId = "" } = useParams();
  const post = useQuery(postQuery(postId));
  const title = post.data
    ? postTitle(post.data.body_html) || t("feed.postPage.fromWorkspace", { workspace: post.data.workspace_name })
    : t("feed.postPage.title");
  usePageTitle(title);
  if (post.isPending) return <Loading />;
  if (post.isError) {
    return (
      <>
        <PageHeading>{t("feed.postPage.title")}</PageHeading>
        <Alert data-color="danger" className="notice" data-testid="post-error">
          <Paragraph>
            {problemCode(post.error) === "not_found" ? t("feed.postPage.notFound") : problemMessage(post.error, t)}
          </Paragraph>
          {problemCode(post.error) !== "not_found" && (
            <Button variant="secondary" data-size="sm" className="notice__action" onClick={() => void post.refetch()}>
              {t("common.retry")}
            </Button>
          )}
        </Alert>
        <BackToFeed />
      </>
    );
  }
  return <PostView post={post.data} title={title} />;
}

function BackToFeed() {
  const { t } = useTranslation();
  return (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/feed">{t("feed.postPage.back")}</RouterLink>
      </Link>
    </Paragraph>
  );
}

function FileButton({ file }: { file: StoredFile }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button
        type="button"
        variant="tertiary"
        data-size="sm"
        loading={busy}
        onClick={async () => {
          if (busy) return;
          setError(null);
          setBusy(true);
          try {
            await downloadFile(file);
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t("feed.postPage.download", { name: file.name, size: formatSize(file.size) })}
      </Button>
      {error !== null && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(error, t)}
        </Paragraph>
      )}
    </>
  );
}

function PostView({ post, title }: { post: Post; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const filesId = useId();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState("");
  const edit = usePostEditing(post.id, () => setNotice(""));
  const { editing, openError, done } = edit;
  const mine = Boolean(me && post.author_id === me.id);
  const canDelete = Boolean(me && (mine || me.role === "admin"));
  const canReport = Boolean(me && !mine && !post.hidden);
  const remove = useDeletePost(post.id, () => {
    setConfirmDelete(false);
    const state: FeedLocationState = { notice: "postDeleted" };
    void navigate("/feed", { state });
  });

  const edited = post.version > 1 && post.updated_at !== post.created_at;
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <div className="feed-item__meta post-page__meta" data-testid="post-meta">
        <Link asChild>
          <RouterLink to={`/workspaces/${post.workspace_id}`}>{post.workspace_name}</RouterLink>
        </Link>
        {post.author_name && <span>{t("feed.item.by", { name: post.author_name })}</span>}
        <span className="muted">{formatDateTime(post.created_at)}</span>
        {edited && <span className="muted">{t("feed.postPage.edited", { when: formatDateTime(post.updated_at) })}</span>}
        <VisibilityTag level={post.visibility} />
      </div>

      {post.hidden && (
        <Alert data-color="warning" className="notice" data-testid="post-hidden">
          <Paragraph>
            {post.hidden_reason
              ? t("feed.postPage.hiddenForYou", { reason: post.hidden_reason })
              : t("feed.postPage.hidden")}
          </Paragraph>
        </Alert>
      )}

      {editing ? (
        <PostEditor
          post={editing}
          onDone={(saved) => {
            done();
            if (saved) setNotice(t("feed.post.saved"));
          }}
        />
      ) : (
        post.body_html && (
          <div className="post-page__body" data-testid="post-body" dangerouslySetInnerHTML={{ __html: post.body_html }} />
        )
      )}

      {post.topics.length > 0 && (
        <ul className="feed-item__topics" aria-label={t("feed.item.topics")}>
          {post.topics.map((topic) => (
            <li key={topic}>
              <Link asChild>
                <RouterLink to={`/feed?topic=${encodeURIComponent(topic)}`}>#{topic}</RouterLink>
              </Link>
            </li>
          ))}
        </ul>
      )}

      {post.files.length > 0 && (
        <section aria-labelledby={filesId} className="post-page__files">
          <Heading level={2} data-size="2xs" id={filesId}>
            {t("feed.postPage.attachments")}
          </Heading>
          <ul className="plain-list">
            {post.files.map((file) => (
              <li key={file.id}>
                <FileButton file={file} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {(canReport || mine || canDelete) && (
        <div className="feed-item__footer post-page__actions">
          {canReport && (
            <Button type="button" variant="tertiary" data-size="sm" onClick={() => setReporting(true)}>
              {t("feed.report.openPost")}
            </Button>
          )}
          <PostOwnerButtons
            edit={edit}
            canEdit={mine}
            canDelete={canDelete}
            onDelete={() => setConfirmDelete(true)}
            variant="secondary"
          />
        </div>
      )}
      {openError !== null && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(openError, t)}
        </Paragraph>
      )}
      <div role="status" aria-live="polite" className="live-region" data-testid="post-status">
        {notice && <Paragraph data-size="sm" className="feed-saved">{notice}</Paragraph>}
      </div>

      <CommentThread targetType="post" targetId={post.id} level={2} />

      <BackToFeed />

      {reporting && (
        <ReportDialog
          targetType="post"
          targetId={post.id}
          onClose={() => setReporting(false)}
          onReported={() => setNotice(t("feed.report.sent"))}
        />
      )}
      {canDelete && (
        <DeletePostDialog open={confirmDelete} remove={remove} onClose={() => setConfirmDelete(false)} />
      )}
    </>
  );
}
