import { Alert, Button, Details, Field, Label, Paragraph, Select, Textfield } from "@digdir/designsystemet-react";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import type { Me } from "../../lib/session";
import { uploadFile, type StoredFile } from "../../lib/files";
import { formatSize } from "../../lib/format";
import { VisibilityField } from "../../components/Visibility";
import { useLocalDraft } from "../../lib/useLocalDraft";
import { useCreatePost, type Visibility } from "./api";

type Membership = Me["memberships"][number];

export function parseTopics(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,#\n]/)) {
    const topic = raw.trim().toLowerCase();
    if (topic && !seen.has(topic)) {
      seen.add(topic);
      out.push(topic.slice(0, 50));
    }
  }
  return out.slice(0, 10);
}

/** A short post to the feed from one of my workspaces, with who will read it and an optional file. */
export function PostComposer({ memberships }: { memberships: Membership[] }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreatePost();
  const draft = useLocalDraft("post.new", "");
  const [workspaceId, setWorkspaceId] = useState(memberships[0]?.workspace_id ?? "");
  const [visibility, setVisibility] = useState<Visibility>("network");
  const [topics, setTopics] = useState("");
  const [file, setFile] = useState<StoredFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState("");
  const [missing, setMissing] = useState(false);
  const [posted, setPosted] = useState(false);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    event.target.value = "";
    if (!chosen) return;
    setUploadError("");
    setUploading(true);
    try {
      setFile(await uploadFile(chosen));
    } catch (error) {
      const code = problemCode(error);
      setUploadError(
        code === "too_large"
          ? t("learning.log.tooLarge")
          : code === "unsupported_type"
            ? t("learning.log.unsupportedType")
            : problemMessage(error, t),
      );
    } finally {
      setUploading(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPosted(false);
    if (!draft.value.trim()) {
      setMissing(true);
      document.getElementById(`${id}-body`)?.focus();
      return;
    }
    setMissing(false);
    if (uploading) return;
    create.mutate(
      {
        workspace_id: workspaceId,
        body: draft.value,
        visibility,
        topics: parseTopics(topics),
        ...(file ? { file_id: file.id } : {}),
      },
      {
        onSuccess: () => {
          draft.clear("");
          setTopics("");
          setFile(null);
          setPosted(true);
        },
      },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  return (
    <Details className="feed-composer" defaultOpen={draft.restoredAt !== null}>
      <Details.Summary>{t("feed.composer.open")}</Details.Summary>
      <Details.Content>
        <form className="form" onSubmit={onSubmit} noValidate>
          {memberships.length > 1 ? (
            <Field>
              <Label htmlFor={`${id}-workspace`}>{t("feed.composer.workspace")}</Label>
              <Select id={`${id}-workspace`} value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)} width="auto">
                {memberships.map((m) => (
                  <Select.Option key={m.workspace_id} value={m.workspace_id}>
                    {m.workspace_name}
                  </Select.Option>
                ))}
              </Select>
            </Field>
          ) : (
            <Paragraph data-size="sm">{t("feed.composer.from", { name: memberships[0]?.workspace_name ?? "" })}</Paragraph>
          )}
          <Textfield
            id={`${id}-body`}
            label={t("feed.composer.body")}
            description={t("feed.composer.bodyHint")}
            multiline
            rows={4}
            value={draft.value}
            onChange={(e) => draft.setValue(e.target.value)}
            error={missing ? t("feed.composer.bodyRequired") : server.body}
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
          <div className="entry-file-picker">
            <Label htmlFor={`${id}-file`}>{t("feed.composer.file")}</Label>
            <input id={`${id}-file`} type="file" onChange={(e) => void onFile(e)} aria-describedby={`${id}-file-status`} />
            <Paragraph data-size="sm" id={`${id}-file-status`} role="status" className="muted">
              {uploading
                ? t("learning.log.uploading")
                : file
                  ? t("feed.composer.fileReady", { name: file.name, size: formatSize(file.size) })
                  : ""}
            </Paragraph>
            {file && (
              <Button type="button" variant="tertiary" data-size="sm" onClick={() => setFile(null)}>
                {t("learning.log.removeFile", { name: file.name })}
              </Button>
            )}
            {uploadError && (
              <Paragraph data-size="sm" className="feed-error" role="alert">
                {uploadError}
              </Paragraph>
            )}
          </div>
          {create.isError && !server.body && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(create.error, t)}</Paragraph>
            </Alert>
          )}
          <div role="status" aria-live="polite" className="live-region">
            {posted && <Paragraph data-size="sm" className="feed-saved">{t("feed.composer.posted")}</Paragraph>}
          </div>
          <div className="form__actions">
            <Button type="submit" loading={create.isPending} aria-disabled={uploading || undefined}>
              {t("feed.composer.send")}
            </Button>
          </div>
        </form>
      </Details.Content>
    </Details>
  );
}
