import { Alert, Button, Checkbox, Fieldset, Paragraph, Switch, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useLocalDraft } from "../../lib/useLocalDraft";
import { fetchSimilar, setVote, topicName, topicsQuery, useAsk } from "./api";
import { EMPTY_ASK, askBody, askDraftText, askDraftValues, validateAsk, type AskErrors, type AskValues } from "./askForm";
import { BackLink, useUiLocale } from "./shared";
import { SimilarQuestions, type FetchSimilar, type VoteSimilar } from "./SimilarQuestions";

const DRAFT_KEY = "question.new";
const EMPTY_TEXT = askDraftText(EMPTY_ASK);

const similar: FetchSimilar = async (q, signal) =>
  (await fetchSimilar(q, signal)).map((s) => ({ ...s, i_voted: false }));
const voteSimilar: VoteSimilar = async (id, vote) => {
  const q = await setVote(id, vote);
  return { vote_count: q.vote_count, i_voted: q.i_voted };
};

/** Ask the project team a question; similar ones are suggested while the title is typed. */
export function AskQuestionPage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.ask.title"));
  const navigate = useNavigate();
  const locale = useUiLocale();
  const topics = useQuery(topicsQuery());
  const draft = useLocalDraft(DRAFT_KEY, EMPTY_TEXT);
  const values = askDraftValues(draft.value);
  const ask = useAsk();
  const [errors, setErrors] = useState<AskErrors>({});
  const [attempt, setAttempt] = useState(0);

  const set = useCallback(
    (patch: Partial<AskValues>) => draft.setValue(askDraftText({ ...askDraftValues(draft.value), ...patch })),
    [draft],
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = validateAsk(values, t);
    setErrors(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) return;
    ask.mutate(askBody(values), {
      onSuccess: (question) => {
        draft.clear(EMPTY_TEXT);
        void navigate(`/questions/${question.id}`, { state: { asked: true } });
      },
      onError: (error) => setErrors(fieldErrors(error) as AskErrors),
    });
  }

  const summary: SummaryError[] = [
    ...(errors.title ? [{ message: errors.title, fieldId: "question-title" }] : []),
    ...(errors.body ? [{ message: errors.body, fieldId: "question-body" }] : []),
    ...(errors.topics ? [{ message: errors.topics }] : []),
  ];

  return (
    <>
      <PageHeading>{t("knowledge.ask.title")}</PageHeading>
      <Paragraph>{t("knowledge.ask.intro")}</Paragraph>
      {draft.restoredAt && (
        <Alert data-color="info" className="notice">
          <Paragraph>{t("knowledge.ask.draftRestored", { when: formatDateTime(draft.restoredAt) })}</Paragraph>
          <Button
            type="button"
            variant="secondary"
            data-size="sm"
            className="notice__action"
            onClick={() => {
              draft.clear(EMPTY_TEXT);
              setErrors({});
            }}
          >
            {t("knowledge.ask.discardDraft")}
          </Button>
        </Alert>
      )}
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t("knowledge.ask.title")}>
        <FormErrorSummary key={attempt} errors={summary} />
        <Textfield
          id="question-title"
          label={t("knowledge.ask.titleLabel")}
          description={t("knowledge.ask.titleHelp")}
          value={values.title}
          onChange={(e) => set({ title: e.target.value })}
          error={errors.title}
          required
          autoComplete="off"
        />
        <SimilarQuestions title={values.title} fetchSimilar={similar} vote={voteSimilar} />
        <Textfield
          id="question-body"
          label={t("knowledge.ask.bodyLabel")}
          description={t("knowledge.ask.bodyHelp")}
          multiline
          rows={6}
          value={values.body}
          onChange={(e) => set({ body: e.target.value })}
          error={errors.body}
        />
        <Fieldset>
          <Fieldset.Legend>{t("knowledge.ask.topicsLabel")}</Fieldset.Legend>
          <Fieldset.Description>{t("knowledge.ask.topicsHelp")}</Fieldset.Description>
          {topics.isPending ? (
            <Loading />
          ) : topics.isError ? (
            <Paragraph data-size="sm">
              {t("knowledge.ask.loadTopicsFailed")} {problemMessage(topics.error, t)}
            </Paragraph>
          ) : (
            <div className="checkbox-grid">
              {topics.data.map((topic) => (
                <Checkbox
                  key={topic.slug}
                  label={topicName(topic, locale)}
                  value={topic.slug}
                  checked={values.topics.includes(topic.slug)}
                  onChange={(e) =>
                    set({
                      topics: e.target.checked
                        ? [...values.topics, topic.slug]
                        : values.topics.filter((s) => s !== topic.slug),
                    })
                  }
                />
              ))}
            </div>
          )}
        </Fieldset>
        <Switch
          label={t("knowledge.ask.anonymous")}
          description={t("knowledge.ask.anonymousHelp")}
          checked={values.anonymous}
          onChange={(e) => set({ anonymous: e.target.checked })}
        />
        {ask.isError && Object.keys(fieldErrors(ask.error)).length === 0 && (
          <Alert data-color="danger" className="notice">
            <Paragraph>{problemMessage(ask.error, t)}</Paragraph>
          </Alert>
        )}
        <div className="form__actions">
          <Button type="submit" loading={ask.isPending}>
            {ask.isPending ? t("knowledge.ask.submitting") : t("knowledge.ask.submit")}
          </Button>
        </div>
      </form>
      <BackLink to="/questions">{t("knowledge.question.back")}</BackLink>
    </>
  );
}
