import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Search,
  Select,
  Tabs,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useNavigate, useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { useLocalDraft } from "../../lib/useLocalDraft";
import {
  questionQuery,
  queueQuery,
  searchQuestions,
  topicsQuery,
  useAnswer,
  useAssign,
  useMerge,
  type Person,
  type Question,
  type QuestionSummary,
} from "./api";
import { MarkdownPreview } from "./markdownPreview";
import { AskedBy } from "./QuestionPage";
import { BackLink, ServerHtml, StatusTag, useTopicNames } from "./shared";

/** The project team's page for one question: assignee, merge, and the written answer. */
export function AnswerEditorPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const question = useQuery(questionQuery(id));
  usePageTitle(question.data?.title ?? t("knowledge.queue.title"));
  if (question.isPending) return <Loading />;
  if (question.isError) {
    return (
      <>
        <PageHeading>{t("knowledge.queue.title")}</PageHeading>
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemCode(question.error) === "not_found" ? t("knowledge.question.notFound") : problemMessage(question.error, t)}
          </Paragraph>
        </Alert>
        <BackLink to="/admin/questions">{t("knowledge.editor.back")}</BackLink>
      </>
    );
  }
  return <EditorView key={question.data.id} question={question.data} />;
}

function EditorView({ question: q }: { question: Question }) {
  const { t } = useTranslation();
  const location = useLocation();
  const topics = useQuery(topicsQuery());
  const topicName = useTopicNames(topics.data);
  const merged = (location.state as { merged?: boolean } | null)?.merged === true;
  return (
    <>
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to="/admin/questions">{t("knowledge.editor.back")}</RouterLink>
        </Link>
      </Paragraph>
      {merged && (
        <Alert data-color="success" className="notice">
          <Paragraph>{t("knowledge.editor.merged")}</Paragraph>
        </Alert>
      )}
      <PageHeading>{q.title}</PageHeading>
      <div className="meta-line">
        <StatusTag status={q.status} />
        <Paragraph data-size="sm" className="muted">
          <AskedBy question={q} />
        </Paragraph>
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.votes.count", { count: q.vote_count })}
        </Paragraph>
      </div>
      {q.anonymous && (
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.question.anonymousAdmin")}
        </Paragraph>
      )}
      {q.topics.length > 0 && (
        <Paragraph data-size="sm">
          <strong>{t("knowledge.ask.topicsLabel")}:</strong> {q.topics.map(topicName).join(", ")}
        </Paragraph>
      )}
      {q.body_html && <ServerHtml html={q.body_html} />}
      {q.status === "merged" && q.merged_into_id ? (
        <Alert data-color="info" className="notice">
          <Paragraph>{t("knowledge.question.mergedInto")}</Paragraph>
          <Paragraph>
            <Link asChild>
              <RouterLink to={`/admin/questions/${q.merged_into_id}`}>{t("knowledge.question.mergedLinkNoTitle")}</RouterLink>
            </Link>
          </Paragraph>
        </Alert>
      ) : (
        <>
          <AssigneePanel question={q} />
          <AnswerPanel question={q} />
          <MergePanel question={q} />
        </>
      )}
      <Paragraph>
        <Link asChild>
          <RouterLink to={`/questions/${q.id}`}>{t("knowledge.list.title")}: {q.title}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}

// -- assignee ------------------------------------------------------------------------------

function AssigneePanel({ question: q }: { question: Question }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queue = useQuery(queueQuery());
  const assign = useAssign(q.id);
  const headingId = useId();
  const selectId = useId();
  const [chosen, setChosen] = useState(q.assignee?.id ?? "");
  const [done, setDone] = useState("");

  useEffect(() => setChosen(q.assignee?.id ?? ""), [q.assignee?.id]);

  // The team members we know of: me, and whoever has questions in the queue.
  const people = new Map<string, Person>();
  if (me) people.set(me.id, { id: me.id, name: me.name });
  for (const item of queue.data ?? []) if (item.assignee) people.set(item.assignee.id, item.assignee);
  if (q.assignee) people.set(q.assignee.id, q.assignee);

  function save(userId: string | null) {
    setDone("");
    assign.mutate(userId, {
      onSuccess: (updated) =>
        setDone(updated.assignee ? t("knowledge.editor.assigned", { name: updated.assignee.name }) : t("knowledge.editor.notAssigned")),
    });
  }

  return (
    <section className="panel-k" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("knowledge.editor.assigneeHeading")}
      </Heading>
      <Paragraph data-size="sm" data-testid="assignee">
        {q.assignee ? t("knowledge.editor.assigned", { name: q.assignee.name }) : t("knowledge.editor.notAssigned")}
      </Paragraph>
      <div className="meta-line">
        {me && q.assignee?.id !== me.id && (
          <Button type="button" data-size="sm" variant="secondary" onClick={() => save(me.id)} loading={assign.isPending}>
            {t("knowledge.editor.assignMe")}
          </Button>
        )}
        <Field data-size="sm">
          <Label htmlFor={selectId}>{t("knowledge.editor.assigneeLabel")}</Label>
          <Select id={selectId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <Select.Option value="">{t("knowledge.editor.assigneeNone")}</Select.Option>
            {[...people.values()].map((p) => (
              <Select.Option key={p.id} value={p.id}>
                {p.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="button" data-size="sm" variant="secondary" onClick={() => save(chosen || null)} disabled={assign.isPending}>
          {t("knowledge.editor.assignSave")}
        </Button>
      </div>
      <p role="status" className="live-region">
        {done}
      </p>
      {assign.isError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(assign.error, t)}</Paragraph>
        </Alert>
      )}
    </section>
  );
}

// -- answer --------------------------------------------------------------------------------

function AnswerPanel({ question: q }: { question: Question }) {
  const { t } = useTranslation();
  const headingId = useId();
  const saved = q.answer?.body ?? "";
  const draft = useLocalDraft(`answer.${q.id}`, saved);
  const [isPublic, setPublic] = useState(q.answer?.public ?? false);
  const [tab, setTab] = useState("write");
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState("");
  const answer = useAnswer(q.id);
  const published = q.answer?.published === true;

  function send(publish: boolean) {
    setDone("");
    answer.mutate(
      { body: draft.value, publish, public: isPublic, version: q.version },
      {
        onSuccess: (updated) => {
          draft.clear(updated.answer?.body ?? draft.value);
          setConfirming(false);
          setDone(publish ? t("knowledge.editor.published") : t("knowledge.editor.draftSaved"));
        },
      },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft.value.trim()) {
      setMissing(true);
      document.getElementById("answer-body")?.focus();
      return;
    }
    setMissing(false);
    send(false);
  }

  function onPublish() {
    if (!draft.value.trim()) {
      setMissing(true);
      document.getElementById("answer-body")?.focus();
      return;
    }
    setMissing(false);
    answer.reset();
    setConfirming(true);
  }

  const code = answer.isError ? problemCode(answer.error) : null;

  return (
    <section className="panel-k" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("knowledge.editor.answerHeading")}
      </Heading>
      {published && q.answer?.answered_at && (
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.question.answeredAt", { when: formatDate(q.answer.answered_at) })} ·{" "}
          {q.answer.public ? t("knowledge.visibility.public") : t("knowledge.visibility.network")}
        </Paragraph>
      )}
      {draft.restoredAt && (
        <Alert data-color="info" className="notice">
          <Paragraph>{t("knowledge.editor.draftRestored", { when: formatDateTime(draft.restoredAt) })}</Paragraph>
          <Button type="button" variant="secondary" data-size="sm" className="notice__action" onClick={() => draft.clear()}>
            {t("knowledge.editor.discardDraft")}
          </Button>
        </Alert>
      )}
      <form className="section" onSubmit={onSubmit} noValidate>
        <Tabs value={tab} onChange={setTab} data-size="sm">
          <Tabs.List>
            <Tabs.Tab value="write">{t("knowledge.editor.write")}</Tabs.Tab>
            <Tabs.Tab value="preview">{t("knowledge.editor.preview")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write">
            <Textfield
              id="answer-body"
              label={t("knowledge.editor.bodyLabel")}
              description={t("knowledge.editor.bodyHelp")}
              multiline
              rows={12}
              value={draft.value}
              onChange={(e) => {
                setDone("");
                draft.setValue(e.target.value);
              }}
              error={missing ? t("knowledge.editor.bodyRequired") : undefined}
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview">
            <div className="preview rendered" data-testid="answer-preview">
              {draft.value.trim() ? (
                <MarkdownPreview markdown={draft.value} />
              ) : (
                <Paragraph className="muted">{t("knowledge.editor.previewEmpty")}</Paragraph>
              )}
            </div>
          </Tabs.Panel>
        </Tabs>
        <Checkbox
          label={t("knowledge.editor.public")}
          description={t("knowledge.editor.publicHelp")}
          checked={isPublic}
          onChange={(e) => setPublic(e.target.checked)}
        />
        {answer.isError && (
          <Alert data-color={code === "conflict" ? "warning" : "danger"} className="notice">
            <Paragraph>{problemMessage(answer.error, t)}</Paragraph>
          </Alert>
        )}
        <div className="form__actions">
          {!published && (
            <Button type="submit" variant="secondary" loading={answer.isPending && !confirming}>
              {t("knowledge.editor.saveDraft")}
            </Button>
          )}
          <Button type="button" onClick={onPublish}>
            {published ? t("knowledge.editor.republish") : t("knowledge.editor.publish")}
          </Button>
          <span role="status" className="save-status" data-testid="answer-status">
            {done}
          </span>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t("knowledge.editor.publishTitle")}
        confirmLabel={published ? t("knowledge.editor.republish") : t("knowledge.editor.publish")}
        onConfirm={() => send(true)}
        onClose={() => setConfirming(false)}
        pending={answer.isPending}
        error={confirming && answer.isError ? problemMessage(answer.error, t) : undefined}
      >
        <Paragraph data-testid="publish-recipients">
          {q.vote_count > 0
            ? t("knowledge.editor.publishRecipients", { count: q.vote_count })
            : t("knowledge.editor.publishRecipientsNone")}
        </Paragraph>
        <Paragraph>{isPublic ? t("knowledge.editor.publishPublic") : t("knowledge.editor.publishNetwork")}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}

// -- merge ---------------------------------------------------------------------------------

function MergePanel({ question: q }: { question: Question }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const headingId = useId();
  const dialogTitleId = useId();
  const searchId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");
  const [target, setTarget] = useState<QuestionSummary | null>(null);
  const merge = useMerge(q.id);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const hits = useQuery({
    queryKey: ["knowledge", "merge-search", debounced],
    queryFn: ({ signal }) => searchQuestions(debounced, signal),
    enabled: open && debounced.length >= 2,
  });
  const candidates = (hits.data?.items ?? []).filter((x) => x.id !== q.id && x.status !== "merged");

  function close() {
    setOpen(false);
    setTarget(null);
    merge.reset();
  }

  return (
    <section className="panel-k" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("knowledge.editor.mergeHeading")}
      </Heading>
      <Paragraph data-size="sm">{t("knowledge.editor.mergeIntro")}</Paragraph>
      <div>
        <Button type="button" variant="secondary" data-size="sm" onClick={() => setOpen(true)}>
          {t("knowledge.editor.mergeOpen")}
        </Button>
      </div>
      <Dialog
        open={open && target === null}
        onClose={close}
        closedby="any"
        closeButton={t("common.closeDialog")}
        aria-labelledby={dialogTitleId}
      >
        <Dialog.Block>
          <Heading level={2} data-size="xs" id={dialogTitleId}>
            {t("knowledge.editor.mergeTitle")}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <div className="section">
            <Label htmlFor={searchId}>{t("knowledge.editor.mergeSearch")}</Label>
            <Search>
              <Search.Input id={searchId} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
              <Search.Clear onClick={() => setText("")} />
            </Search>
            <div aria-live="polite">
              {debounced.length >= 2 &&
                (hits.isPending ? (
                  <Loading />
                ) : hits.isError ? (
                  <Paragraph>{problemMessage(hits.error, t)}</Paragraph>
                ) : candidates.length === 0 ? (
                  <Paragraph>{t("knowledge.editor.mergeNoHits")}</Paragraph>
                ) : (
                  <ul className="merge-hits">
                    {candidates.map((c) => (
                      <li key={c.id} className="meta-line">
                        <Button
                          type="button"
                          variant="tertiary"
                          data-size="sm"
                          onClick={() => setTarget(c)}
                          aria-label={`${t("knowledge.editor.mergeChoose")}: ${c.title}`}
                        >
                          {c.title}
                        </Button>
                        <StatusTag status={c.status} />
                        <span className="muted">{t("knowledge.votes.count", { count: c.vote_count })}</span>
                      </li>
                    ))}
                  </ul>
                ))}
            </div>
          </div>
        </Dialog.Block>
      </Dialog>
      <ConfirmDialog
        open={target !== null}
        title={t("knowledge.editor.mergeConfirmTitle")}
        confirmLabel={t("knowledge.editor.mergeDo")}
        onConfirm={() => {
          if (!target) return;
          merge.mutate(target.id, {
            onSuccess: (survivor) => {
              close();
              void navigate(`/admin/questions/${survivor.id}`, { state: { merged: true } });
            },
          });
        }}
        onClose={() => setTarget(null)}
        pending={merge.isPending}
        error={merge.isError ? problemMessage(merge.error, t) : undefined}
      >
        <Paragraph>{t("knowledge.editor.mergeConfirm", { from: q.title, into: target?.title ?? "" })}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}
