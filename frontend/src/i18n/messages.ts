/**
 * Every text of the UI, by language: the shared file per language (nb.json, nn.json, en.json)
 * plus one file per language for each feature that keeps its own texts, under that feature's
 * key (`t("feed.…")` reads src/features/feed/i18n/<lang>.json).
 */
import feedEn from "../features/feed/i18n/en.json";
import feedNb from "../features/feed/i18n/nb.json";
import feedNn from "../features/feed/i18n/nn.json";
import knowledgeEn from "../features/knowledge/i18n/en.json";
import knowledgeNb from "../features/knowledge/i18n/nb.json";
import knowledgeNn from "../features/knowledge/i18n/nn.json";
import privacyEn from "../features/privacy/i18n/en.json";
import privacyNb from "../features/privacy/i18n/nb.json";
import privacyNn from "../features/privacy/i18n/nn.json";
import progressEn from "../features/progress/i18n/en.json";
import progressNb from "../features/progress/i18n/nb.json";
import progressNn from "../features/progress/i18n/nn.json";
import en from "./en.json";
import nb from "./nb.json";
import nn from "./nn.json";

export const messages = {
  nb: { ...nb, feed: feedNb, knowledge: knowledgeNb, progress: progressNb, privacy: privacyNb },
  nn: { ...nn, feed: feedNn, knowledge: knowledgeNn, progress: progressNn, privacy: privacyNn },
  en: { ...en, feed: feedEn, knowledge: knowledgeEn, progress: progressEn, privacy: privacyEn },
};

export type Messages = (typeof messages)["nb"];
