import { Button, Checkbox, Field, Heading, Label, Link, Paragraph, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { api } from "../../lib/api-client";
import { compareNorwegian, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { call, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { VisibilityTag } from "../../components/Visibility";
import {
  commentsQuery,
  feedQuery,
  followsQuery,
  reactionsQuery,
  useDeletePost,
  type FeedItem,
} from "./api";
import { CommentThread } from "./CommentThread";
import { DeletePostDialog } from "./DeletePostDialog";
import { FollowTopicButton } from "./FollowButtons";
import { FEED_KINDS, filtersFromParams, hasFilters, paramsFromFilters, type FeedFilters } from "./filters";
import { liveStore, useLive, type LiveFeedItem } from "./live";
import { PostComposer } from "./PostComposer";
import { PostEditor } from "./PostEditor";
import { PostOwnerButtons } from "./PostOwnerButtons";
import { usePostEditing } from "./usePostEditing";
import type { FeedLocationState } from "./PostPage";
import { ReportDialog } from "./ReportDialog";
import "./feed.css";

/** Every workspace's name, for the filter (the directory's first 200 are plenty for the programme). */
const workspaceNamesQuery = () => ({
  queryKey: ["workspaces", "names"],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    call(api.GET("/api/v1/workspaces", { params: { query: { limit: 100 } }, signal })),
  staleTime: 5 * 60_000,
});

function matches(item: LiveFeedItem, filters: FeedFilters): boolean {
  if (filters.kind && item.kind && item.kind !== filters.kind) return false;
  if (filters.workspaceId && item.workspaceId !== filters.workspaceId) return false;
  return true;
}

function FeedItemCard({ item, onDeleted }: { item: FeedItem; onDeleted: (item: FeedItem) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const edit = usePostEditing(item.source_id, () => setNotice(""));
  const { editing, openError, done } = edit;
  const { data: me } = useMe();
  const headingId = useId();
  const threadId = useId();
  const isPost = item.source_type === "post";
  const mine = Boolean(me && item.author_id === me.id);
  const canDelete = isPost && Boolean(me && (mine || me.role === "admin"));
  const remove = useDeletePost(item.source_id, () => {
    setConfirmDelete(false);
    onDeleted(item);
  });

  const title = item.title || t(`feed.kinds.${item.kind}` as never, { defaultValue: item.kind });
  // Once the thread was opened, its (fresher) counts win over the feed page's copy.
  const target = { targetType: item.source_type, targetId: item.source_id };
  const thread = useInfiniteQuery({ ...commentsQuery(target), enabled: false });
  const liveReactions = useQuery({ ...reactionsQuery(target), enabled: false });
  const commentCount = thread.data?.pages[0]?.count ?? item.comment_count;
  const counts = liveReactions.data?.counts ?? item.reactions;

  return (
    <li className="feed-item" data-testid="feed-item">
      <article aria-labelledby={headingId}>
        <div className="feed-item__meta">
          <Tag data-color="accent" data-size="sm">
            {t(`feed.kinds.${item.kind}` as never, { defaultValue: item.kind })}
          </Tag>
          {item.workspace_id && item.workspace_name && (
            <Link asChild>
              <RouterLink to={`/workspaces/${item.workspace_id}`}>{item.workspace_name}</RouterLink>
            </Link>
          )}
          <span className="muted">{formatDateTime(item.created_at)}</span>
          <VisibilityTag level={item.visibility} />
        </div>
        <Heading level={3} data-size="xs" id={headingId} className="feed-item__title">
          {item.url ? (
            <Link asChild>
              <RouterLink to={item.url}>{title}</RouterLink>
            </Link>
          ) : (
            title
          )}
        </Heading>
        {item.author_name && (
          <Paragraph data-size="sm" className="muted feed-item__author">
            {t("feed.item.by", { name: item.author_name })}
          </Paragraph>
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
          item.excerpt && <Paragraph className="feed-item__excerpt">{item.excerpt}</Paragraph>
        )}
        {item.topics.length > 0 && (
          <ul className="feed-item__topics" aria-label={t("feed.item.topics")}>
            {item.topics.map((topic) => (
              <li key={topic}>
                <Link asChild>
                  <RouterLink to={`/feed?topic=${encodeURIComponent(topic)}`}>#{topic}</RouterLink>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <div className="feed-item__footer">
          <Button
            type="button"
            variant="tertiary"
            data-size="sm"
            aria-expanded={open}
            aria-controls={threadId}
            onClick={() => setOpen((v) => !v)}
          >
            {open
              ? t("feed.item.hideComments")
              : t("feed.item.comments", { count: commentCount })}
          </Button>
          <span className="muted" data-testid="feed-item-reactions">
            {t("feed.item.reactions", {
              useful: counts.useful,
              inspiring: counts.inspiring,
              count: counts.useful + counts.inspiring,
            })}
          </span>
          {isPost && me && !mine && (
            <Button type="button" variant="tertiary" data-size="sm" onClick={() => setReporting(true)}>
              {t("feed.report.openPost")}
            </Button>
          )}
          <PostOwnerButtons
            edit={edit}
            canEdit={isPost && mine}
            canDelete={canDelete}
            onDelete={() => setConfirmDelete(true)}
            variant="tertiary"
          />
        </div>
        {openError !== null && (
          <Paragraph data-size="sm" className="feed-error" role="alert">
            {problemMessage(openError, t)}
          </Paragraph>
        )}
        <div role="status" aria-live="polite" className="live-region">
          {notice && <Paragraph data-size="sm" className="feed-saved">{notice}</Paragraph>}
        </div>
        <div id={threadId} hidden={!open}>
          {open && <CommentThread targetType={item.source_type} targetId={item.source_id} level={4} />}
        </div>
      </article>
      {reporting && (
        <ReportDialog
          targetType="post"
          targetId={item.source_id}
          onClose={() => setReporting(false)}
          onReported={() => setNotice(t("feed.report.sent"))}
        />
      )}
      {canDelete && (
        <DeletePostDialog open={confirmDelete} remove={remove} onClose={() => setConfirmDelete(false)} />
      )}
    </li>
  );
}

function TopicFilter({ value, onApply }: { value: string; onApply: (topic: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onApply(text.trim());
  }
  return (
    <form onSubmit={onSubmit} className="feed-topic-filter">
      <Textfield id="feed-topic" label={t("feed.filters.topic")} value={text} onChange={(e) => setText(e.target.value)} />
      <Button type="submit" variant="secondary">
        {t("feed.filters.applyTopic")}
      </Button>
    </form>
  );
}

function FollowedTopics({ onPick }: { onPick: (topic: string) => void }) {
  const { t } = useTranslation();
  const follows = useQuery(followsQuery());
  const topics = follows.data?.topics ?? [];
  if (topics.length === 0) return null;
  return (
    <div className="feed-followed-topics">
      <Paragraph data-size="sm" id="followed-topics-label">
        {t("feed.filters.followedTopics")}
      </Paragraph>
      <ul aria-labelledby="followed-topics-label">
        {topics.map((x) => (
          <li key={x.topic}>
            <Button type="button" variant="tertiary" data-size="sm" onClick={() => onPick(x.topic)}>
              #{x.topic}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "N new items": fed by the live stream, loads them only when the reader asks. */
function NewItemsBanner({ filters, onShow }: { filters: FeedFilters; onShow: () => void }) {
  const { t } = useTranslation();
  const { feedItems } = useLive();
  const count = feedItems.filter((i) => matches(i, filters)).length;
  return (
    <div role="status" aria-live="polite" className="feed-banner">
      {count > 0 && (
        <Button type="button" variant="secondary" onClick={onShow} data-testid="feed-new-items">
          {t("feed.banner", { count })}
        </Button>
      )}
    </div>
  );
}

export function FeedPage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.title"));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const feed = useInfiniteQuery(feedQuery(filters));
  const workspaces = useQuery(workspaceNamesQuery());
  const { data: me } = useMe();
  const listHeading = useRef<HTMLHeadingElement>(null);
  // Deleted here: gone from the list in the same render as the announcement.
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(() => new Set());
  const [status, setStatus] = useState({ text: "", n: 0 });
  const [focusList, setFocusList] = useState(false);
  const items = (feed.data?.pages.flatMap((p) => p.items) ?? []).filter((i) => !deleted.has(i.id));
  const filterKey = JSON.stringify(filters);

  // After a delete the card (and the focus in it) is gone: the list's heading takes the focus.
  useEffect(() => {
    if (focusList) {
      setFocusList(false);
      listHeading.current?.focus();
    }
  }, [focusList]);

  // Deleted on its own page (/posts/:id): said here, once; the state is cleared so a reload
  // does not say it again.
  const location = useLocation();
  const navigate = useNavigate();
  const arrivedWith = (location.state as FeedLocationState | null)?.notice;
  useEffect(() => {
    if (arrivedWith !== "postDeleted") return;
    setStatus((old) => ({ text: t("feed.post.deleted"), n: old.n + 1 }));
    void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [arrivedWith, location.pathname, location.search, navigate, t]);

  function onDeleted(item: FeedItem) {
    setDeleted((old) => new Set(old).add(item.id));
    // A new node each time, so a second delete is announced too.
    setStatus((old) => ({ text: t("feed.post.deleted"), n: old.n + 1 }));
    setFocusList(true);
  }

  // A freshly loaded feed has nothing "new" above it.
  useEffect(() => {
    liveStore.clearFeedItems();
  }, [filterKey]);

  function update(next: FeedFilters) {
    setParams(paramsFromFilters(next, params), { replace: true, flushSync: true });
  }

  async function showNew() {
    liveStore.clearFeedItems();
    await queryClient.resetQueries({ queryKey: feedQuery(filters).queryKey });
    listHeading.current?.focus();
  }

  const memberships = (me?.memberships ?? []).filter((m) => m.tier === "pilot" || m.tier === "observer");
  const workspaceOptions = [...(workspaces.data?.items ?? [])].sort((a, b) => compareNorwegian(a.name, b.name));

  return (
    <>
      <PageHeading>{t("feed.title")}</PageHeading>
      <Paragraph>{t("feed.intro")}</Paragraph>

      {memberships.length > 0 && <PostComposer memberships={memberships} />}

      <div role="search" aria-label={t("feed.filters.label")} className="feed-filters">
        <Checkbox
          label={t("feed.filters.following")}
          checked={filters.following ?? false}
          onChange={(e) => update({ ...filters, following: e.target.checked })}
          value="following"
        />
        <Field>
          <Label htmlFor="feed-workspace">{t("feed.filters.workspace")}</Label>
          <Select
            id="feed-workspace"
            value={filters.workspaceId ?? ""}
            onChange={(e) => update({ ...filters, workspaceId: e.target.value || undefined })}
            width="auto"
          >
            <Select.Option value="">{t("feed.filters.allWorkspaces")}</Select.Option>
            {workspaceOptions.map((w) => (
              <Select.Option key={w.id} value={w.id}>
                {w.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="feed-kind">{t("feed.filters.kind")}</Label>
          <Select
            id="feed-kind"
            value={filters.kind ?? ""}
            onChange={(e) => update({ ...filters, kind: e.target.value || undefined })}
            width="auto"
          >
            <Select.Option value="">{t("feed.filters.allKinds")}</Select.Option>
            {FEED_KINDS.map((k) => (
              <Select.Option key={k} value={k}>
                {t(`feed.kinds.${k}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <TopicFilter value={filters.topic ?? ""} onApply={(topic) => update({ ...filters, topic: topic || undefined })} />
      </div>
      <FollowedTopics onPick={(topic) => update({ ...filters, topic })} />
      {filters.topic && (
        <div className="feed-topic-follow">
          <Paragraph>{t("feed.filters.topicActive", { topic: filters.topic })}</Paragraph>
          <FollowTopicButton topic={filters.topic} />
        </div>
      )}

      <NewItemsBanner filters={filters} onShow={() => void showNew()} />

      <section aria-labelledby="feed-list-heading" className="section">
        <Heading level={2} data-size="xs" id="feed-list-heading" ref={listHeading} tabIndex={-1}>
          {t("feed.listTitle")}
        </Heading>
        <div role="status" aria-live="polite" className="live-region" data-testid="feed-status">
          {status.text && (
            <Paragraph key={status.n} data-size="sm" className="feed-saved">
              {status.text}
            </Paragraph>
          )}
        </div>
        {feed.isPending ? (
          <Loading />
        ) : feed.isError ? (
          <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
        ) : items.length === 0 ? (
          <div className="empty-state">
            <Paragraph>{hasFilters(filters) ? t("feed.emptyFiltered") : t("feed.empty")}</Paragraph>
            {hasFilters(filters) && (
              <Button variant="secondary" data-size="sm" onClick={() => update({})}>
                {t("feed.filters.clear")}
              </Button>
            )}
          </div>
        ) : (
          <>
            <ul className="feed-list" data-testid="feed-list">
              {items.map((item) => (
                <FeedItemCard key={item.id} item={item} onDeleted={onDeleted} />
              ))}
            </ul>
            {feed.hasNextPage && (
              <div>
                <Button variant="secondary" onClick={() => void feed.fetchNextPage()} loading={feed.isFetchingNextPage}>
                  {feed.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
