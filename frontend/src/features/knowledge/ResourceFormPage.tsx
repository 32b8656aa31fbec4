import { formatSize } from "../../lib/format";
import {
  Alert,
  Button,
  Field,
  Fieldset,
  Label,
  Paragraph,
  Radio,
  Select,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import {
  VISIBILITIES,
  resourceQuery,
  uploadFile,
  useCreateResource,
  useUpdateResource,
  type Resource,
  type StoredFile,
  type Visibility,
} from "./api";
import { RESOURCE_KINDS, RESOURCE_LANGUAGES, type ResourceKindName, type ResourceLanguage } from "./resourceFilters";
import { BackLink } from "./shared";

const URL_PATTERN = /^https?:\/\/\S+$/i;

interface Values {
  title: string;
  kind: ResourceKindName;
  description: string;
  tags: string;
  language: ResourceLanguage;
  source: "file" | "url";
  url: string;
  file: StoredFile | null;
  owner: string;
  visibility: Visibility;
}

function initial(r: Resource | undefined, defaultOwner: string): Values {
  return {
    title: r?.title ?? "",
    kind: r?.kind ?? "tool",
    description: r?.description ?? "",
    tags: r?.tags.join(", ") ?? "",
    language: r?.language ?? "nb",
    source: r ? (r.file ? "file" : "url") : "file",
    url: r?.url ?? "",
    file: r?.file ?? null,
    owner: r ? (r.workspace_id ?? "project") : defaultOwner,
    visibility: r?.visibility ?? (defaultOwner === "project" ? "network" : "workspace"),
  };
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

export function NewResourcePage() {
  return <ResourceForm />;
}

export function EditResourcePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const resource = useQuery(resourceQuery(id));
  if (resource.isPending) return <Loading />;
  if (resource.isError) {
    return (
      <>
        <PageHeading>{t("knowledge.resources.title")}</PageHeading>
        <QueryError error={resource.error} onRetry={() => void resource.refetch()} />
      </>
    );
  }
  return <ResourceForm key={resource.data.id} resource={resource.data} />;
}

function ResourceForm({ resource }: { resource?: Resource }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const isAdmin = me?.role === "admin";
  const owners = [
    ...(isAdmin ? [{ id: "project", name: t("knowledge.resources.ownerProject") }] : []),
    ...(me?.memberships ?? []).map((m) => ({ id: m.workspace_id, name: m.workspace_name })),
  ];
  const [v, setV] = useState<Values>(() => initial(resource, owners[0]?.id ?? "project"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [uploading, setUploading] = useState<string | null>(null);
  const create = useCreateResource();
  const update = useUpdateResource(resource?.id ?? "");
  const save = resource ? update : create;
  const ids = { kind: useId(), language: useId(), owner: useId(), file: useId() };
  const title = resource ? t("knowledge.resourceForm.editTitle", { title: resource.title }) : t("knowledge.resourceForm.newTitle");
  usePageTitle(title);

  const set = (patch: Partial<Values>) => setV((old) => ({ ...old, ...patch }));

  if (!resource && owners.length === 0) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <Alert data-color="info">
          <Paragraph>{t("knowledge.resourceForm.notAllowed")}</Paragraph>
        </Alert>
        <BackLink to="/resources">{t("knowledge.resource.back")}</BackLink>
      </>
    );
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setUploading(file.name);
    setErrors((e) => ({ ...e, file_id: "" }));
    try {
      const stored = await uploadFile(file);
      set({ file: stored });
    } catch (error) {
      const code = problemCode(error);
      setErrors((e) => ({
        ...e,
        file_id:
          code === "too_large"
            ? t("knowledge.resourceForm.errors.tooLarge")
            : code === "unsupported_type"
              ? t("knowledge.resourceForm.errors.unsupportedType")
              : problemMessage(error, t),
      }));
    } finally {
      setUploading(null);
    }
  }

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!v.title.trim()) found.title = t("knowledge.resourceForm.errors.titleRequired");
    if (v.source === "file") {
      if (uploading) found.file_id = t("knowledge.resourceForm.errors.uploading");
      else if (!v.file) found.file_id = t("knowledge.resourceForm.errors.fileRequired");
    } else if (!v.url.trim()) found.url = t("knowledge.resourceForm.errors.urlRequired");
    else if (!URL_PATTERN.test(v.url.trim())) found.url = t("knowledge.resourceForm.errors.urlInvalid");
    return found;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) return;
    const common = {
      title: v.title.trim(),
      kind: v.kind,
      description: v.description,
      tags: parseTags(v.tags),
      language: v.language,
      visibility: v.visibility,
      ...(v.source === "file" ? { file_id: v.file?.id ?? null, url: null } : { url: v.url.trim(), file_id: null }),
    };
    const onSuccess = (saved: Resource) => void navigate(`/resources/${saved.id}`, { state: { saved: true } });
    const onError = (error: unknown) => setErrors(fieldErrors(error));
    if (resource) {
      update.mutate({ ...common, version: resource.version }, { onSuccess, onError });
    } else {
      create.mutate({ ...common, workspace_id: v.owner === "project" ? null : v.owner }, { onSuccess, onError });
    }
  }

  const summary: SummaryError[] = Object.entries(errors)
    .filter(([, message]) => message)
    .map(([field, message]) => ({
      message,
      fieldId: field === "title" ? "resource-title" : field === "url" ? "resource-url" : field === "file_id" ? ids.file : undefined,
    }));

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormErrorSummary key={attempt} errors={summary} />
        <Textfield id="resource-title" label={t("knowledge.resourceForm.title")} value={v.title} onChange={(e) => set({ title: e.target.value })} error={errors.title} required />
        <div className="form__row">
          <Field>
            <Label htmlFor={ids.kind}>{t("knowledge.resources.kind")}</Label>
            <Select id={ids.kind} value={v.kind} onChange={(e) => set({ kind: e.target.value as ResourceKindName })}>
              {RESOURCE_KINDS.map((k) => (
                <Select.Option key={k} value={k}>
                  {t(`knowledge.resources.kinds.${k}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor={ids.language}>{t("knowledge.resources.language")}</Label>
            <Select id={ids.language} value={v.language} onChange={(e) => set({ language: e.target.value as ResourceLanguage })}>
              {RESOURCE_LANGUAGES.map((l) => (
                <Select.Option key={l} value={l}>
                  {t(`knowledge.resources.languages.${l}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
        </div>
        <Textfield
          id="resource-description"
          label={t("knowledge.resourceForm.description")}
          description={t("knowledge.resourceForm.descriptionHelp")}
          multiline
          rows={6}
          value={v.description}
          onChange={(e) => set({ description: e.target.value })}
          error={errors.description}
        />
        <Textfield
          id="resource-tags"
          label={t("knowledge.resources.tag")}
          description={t("knowledge.resourceForm.tagsHelp")}
          value={v.tags}
          onChange={(e) => set({ tags: e.target.value })}
          error={errors.tags}
        />
        <Fieldset>
          <Fieldset.Legend>{t("knowledge.resourceForm.source")}</Fieldset.Legend>
          <Radio name="source" value="file" label={t("knowledge.resourceForm.sourceFile")} checked={v.source === "file"} onChange={() => set({ source: "file" })} />
          <Radio name="source" value="url" label={t("knowledge.resourceForm.sourceUrl")} checked={v.source === "url"} onChange={() => set({ source: "url" })} />
        </Fieldset>
        {v.source === "file" ? (
          <div className="entry-file-picker">
            <label htmlFor={ids.file} className="ds-label">
              {t("knowledge.resourceForm.file")}
            </label>
            <Paragraph data-size="sm" className="muted" id={`${ids.file}-hint`}>
              {t("knowledge.resourceForm.fileHelp")}
            </Paragraph>
            <input id={ids.file} type="file" onChange={(e) => void onFile(e)} aria-describedby={`${ids.file}-hint`} data-testid="resource-file" />
            <p role="status" className="live-region">
              {uploading
                ? t("knowledge.resourceForm.uploading", { name: uploading })
                : v.file
                  ? t("knowledge.resourceForm.currentFile", { name: `${v.file.name} (${formatSize(v.file.size)})` })
                  : ""}
            </p>
            {errors.file_id && (
              <Paragraph data-size="sm" className="ds-validation-message" data-color="danger" role="alert">
                {errors.file_id}
              </Paragraph>
            )}
          </div>
        ) : (
          <Textfield
            id="resource-url"
            type="url"
            label={t("knowledge.resourceForm.url")}
            description={t("knowledge.resourceForm.urlHelp")}
            value={v.url}
            onChange={(e) => set({ url: e.target.value })}
            error={errors.url}
          />
        )}
        {!resource && (
          <Field>
            <Label htmlFor={ids.owner}>{t("knowledge.resourceForm.owner")}</Label>
            <Select
              id={ids.owner}
              value={v.owner}
              onChange={(e) => set({ owner: e.target.value, visibility: e.target.value === "project" ? "network" : "workspace" })}
            >
              {owners.map((o) => (
                <Select.Option key={o.id} value={o.id}>
                  {o.name}
                </Select.Option>
              ))}
            </Select>
          </Field>
        )}
        <Fieldset>
          <Fieldset.Legend>{t("knowledge.resourceForm.visibility")}</Fieldset.Legend>
          {VISIBILITIES.map((level) => (
            <Radio
              key={level}
              name="visibility"
              value={level}
              label={t(`knowledge.visibility.${level}`)}
              description={t(`knowledge.visibility.who.${level}`)}
              checked={v.visibility === level}
              onChange={() => set({ visibility: level })}
            />
          ))}
        </Fieldset>
        {save.isError && Object.keys(fieldErrors(save.error)).length === 0 && (
          <Alert data-color="danger" className="notice">
            <Paragraph>{problemMessage(save.error, t)}</Paragraph>
          </Alert>
        )}
        <div className="form__actions">
          <Button type="submit" loading={save.isPending}>
            {resource ? t("knowledge.resourceForm.save") : t("knowledge.resourceForm.create")}
          </Button>
          <Button type="button" variant="secondary" onClick={() => void navigate(resource ? `/resources/${resource.id}` : "/resources")}>
            {t("knowledge.resourceForm.cancel")}
          </Button>
        </div>
      </form>
    </>
  );
}
