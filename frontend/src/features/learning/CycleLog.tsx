import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime, formatSize } from "../../lib/format";
import { fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import {
  PHASES,
  downloadFile,
  entriesQuery,
  uploadFile,
  useCreateEntry,
  type Cycle,
  type Phase,
  type StoredFile,
} from "./api";
import { CollapsedComments } from "../feed";
import { ServerHtml, VisibilityTag } from "./shared";

function FileButton({ file }: { file: StoredFile }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button
        variant="tertiary"
        data-size="sm"
        loading={busy}
        onClick={async () => {
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
        {t("learning.log.download", { name: file.name, size: formatSize(file.size) })}
      </Button>
      {Boolean(error) && (
        <Paragraph data-size="sm" className="learning-error">
          {problemMessage(error, t)}
        </Paragraph>
      )}
    </>
  );
}

interface Upload {
  key: string;
  name: string;
  size: number;
  status: "uploading" | "done" | "failed";
  file?: StoredFile;
  error?: string;
}

function uploadError(error: unknown, t: TFunction): string {
  const code = problemCode(error);
  if (code === "too_large") return t("learning.log.tooLarge");
  if (code === "unsupported_type") return t("learning.log.unsupportedType");
  return problemMessage(error, t);
}

function NewEntryForm({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const create = useCreateEntry(cycle.id);
  const [body, setBody] = useState("");
  const [phase, setPhase] = useState<Phase>(cycle.phase);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [missing, setMissing] = useState(false);
  const [added, setAdded] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const uploading = uploads.some((u) => u.status === "uploading");

  function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = "";
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      setUploads((list) => [...list, { key, name: file.name, size: file.size, status: "uploading" }]);
      uploadFile(file).then(
        (stored) =>
          setUploads((list) => list.map((u) => (u.key === key ? { ...u, status: "done", file: stored } : u))),
        (error: unknown) =>
          setUploads((list) =>
            list.map((u) => (u.key === key ? { ...u, status: "failed", error: uploadError(error, t) } : u)),
          ),
      );
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAdded(false);
    if (!body.trim()) {
      setMissing(true);
      document.getElementById("entry-body")?.focus();
      return;
    }
    setMissing(false);
    if (uploading) return;
    create.mutate(
      {
        body,
        phase,
        file_ids: uploads.flatMap((u) => (u.status === "done" && u.file ? [u.file.id] : [])),
      },
      {
        onSuccess: () => {
          setBody("");
          setUploads([]);
          setAdded(true);
        },
      },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  const bodyError = missing ? t("learning.log.bodyRequired") : server.body;

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="new-entry-heading">
      <Heading level={3} data-size="xs" id="new-entry-heading">
        {t("learning.log.newTitle")}
      </Heading>
      <Textfield
        id="entry-body"
        label={t("learning.log.body")}
        description={t("learning.cycle.markdownHint")}
        multiline
        rows={5}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={bodyError}
      />
      <Field>
        <Label htmlFor="entry-phase">{t("learning.log.phase")}</Label>
        <Select id="entry-phase" value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
          {PHASES.map((p) => (
            <Select.Option key={p} value={p}>
              {t(`learning.phase.${p}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <div className="entry-file-picker">
        <span className="ds-label" id={`${fileInputId}-label`}>
          {t("learning.log.attachments")}
        </span>
        <Paragraph data-size="sm" className="muted" id={`${fileInputId}-hint`}>
          {t("learning.log.attachmentsHint")}
        </Paragraph>
        <div className="entry-file-picker__control">
          <input
            ref={fileInput}
            id={fileInputId}
            type="file"
            multiple
            onChange={onFiles}
            aria-labelledby={`${fileInputId}-label ${fileInputId}-button`}
            aria-describedby={`${fileInputId}-hint`}
            className="entry-file-picker__input"
            data-testid="entry-files"
          />
          {/* The native button speaks the browser's language; this one speaks the person's. */}
          <label htmlFor={fileInputId} className="entry-file-picker__button" id={`${fileInputId}-button`}>
            {t("learning.log.chooseFiles")}
          </label>
        </div>
        {uploads.length > 0 && (
          <ul className="entry-files" aria-label={t("learning.log.attachmentList")}>
            {uploads.map((u) => (
              <li key={u.key} className={u.status === "failed" ? "entry-files__item entry-files__item--failed" : "entry-files__item"}>
                <span>
                  {u.name} ({formatSize(u.size)})
                </span>
                <span className="entry-files__status" role={u.status === "failed" ? "alert" : undefined}>
                  {u.status === "uploading"
                    ? t("learning.log.uploading")
                    : u.status === "done"
                      ? t("learning.log.uploaded")
                      : u.error}
                </span>
                <Button
                  type="button"
                  variant="tertiary"
                  data-size="sm"
                  onClick={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
                  aria-label={t("learning.log.removeFile", { name: u.name })}
                >
                  {t("common.remove")}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {create.isError && !server.body && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(create.error, t)}</Paragraph>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="live-region">
        {added && (
          <Paragraph data-size="sm" className="learning-saved">
            {t("learning.log.added")}
          </Paragraph>
        )}
      </div>
      <div className="form__actions">
        <Button type="submit" loading={create.isPending} aria-disabled={uploading || undefined}>
          {uploading ? t("learning.log.waitUploads") : t("learning.log.add")}
        </Button>
      </div>
    </form>
  );
}

/** The cycle's log: a timeline of entries (oldest first), and a form to add one. */
export function CycleLog({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const entries = useQuery(entriesQuery(cycle.id));
  return (
    <section className="section" aria-labelledby="log-heading">
      <Heading level={2} data-size="sm" id="log-heading">
        {t("learning.log.title")}
      </Heading>
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <QueryError error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.data.length === 0 ? (
        <Paragraph className="empty-state">{t("learning.log.empty")}</Paragraph>
      ) : (
        <ol className="learning-timeline" data-testid="timeline">
          {entries.data.map((entry) => (
            <li key={entry.id} className="learning-timeline__item" data-testid="log-entry">
              <div className="learning-timeline__meta">
                <Tag data-size="sm" data-color="accent">
                  {t(`learning.phase.${entry.phase}`)}
                </Tag>
                <span>
                  {t("learning.log.byline", {
                    author: entry.author_name ?? t("learning.log.unknownAuthor"),
                    when: formatDateTime(entry.created_at),
                  })}
                </span>
                <VisibilityTag level={entry.visibility} />
              </div>
              <ServerHtml html={entry.body_html} />
              {entry.files.length > 0 && (
                <ul className="plain-list learning-timeline__files" aria-label={t("learning.log.files")}>
                  {entry.files.map((f) => (
                    <li key={f.id}>
                      <FileButton file={f} />
                    </li>
                  ))}
                </ul>
              )}
              <CollapsedComments targetType="entry" targetId={entry.id} />
            </li>
          ))}
        </ol>
      )}
      {cycle.can_edit && <NewEntryForm cycle={cycle} />}
    </section>
  );
}
