import type { TFunction } from "i18next";

/** The "ask a question" form: its values, the draft kept on this device, and its checks. */
export interface AskValues {
  title: string;
  body: string;
  topics: string[];
  anonymous: boolean;
}

export const EMPTY_ASK: AskValues = { title: "", body: "", topics: [], anonymous: false };
export const TITLE_MIN = 5;
/** The API's limits: a title of 3–300 characters (we ask for a little more), a text of at most 50,000. */
export const TITLE_MAX = 300;
export const BODY_MAX = 50_000;

/** The draft as stored text (useLocalDraft keeps a string). */
export function askDraftText(values: AskValues): string {
  return JSON.stringify(values);
}

/** A stored draft back into values; anything unreadable is an empty form. */
export function askDraftValues(text: string): AskValues {
  try {
    const raw = JSON.parse(text) as Partial<AskValues> | null;
    if (!raw || typeof raw !== "object") return EMPTY_ASK;
    return {
      title: typeof raw.title === "string" ? raw.title : "",
      body: typeof raw.body === "string" ? raw.body : "",
      topics: Array.isArray(raw.topics) ? raw.topics.filter((x): x is string => typeof x === "string") : [],
      anonymous: raw.anonymous === true,
    };
  } catch {
    return EMPTY_ASK;
  }
}

export type AskErrors = Partial<Record<"title" | "body" | "topics", string>>;

/** Check the form before sending; messages in the person's language. Field names follow the API. */
export function validateAsk(values: AskValues, t: TFunction): AskErrors {
  const errors: AskErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = t("knowledge.ask.errors.titleRequired");
  else if (title.length < TITLE_MIN) errors.title = t("knowledge.ask.errors.titleShort", { min: String(TITLE_MIN) });
  else if (title.length > TITLE_MAX) errors.title = t("knowledge.ask.errors.titleLong", { max: String(TITLE_MAX) });
  if (values.body.length > BODY_MAX) errors.body = t("knowledge.ask.errors.bodyLong", { max: String(BODY_MAX) });
  return errors;
}

/** The request body for POST /api/v1/questions (assumes validateAsk passed). */
export function askBody(values: AskValues) {
  return {
    title: values.title.trim(),
    body: values.body.trim(),
    topics: values.topics,
    anonymous: values.anonymous,
  };
}
