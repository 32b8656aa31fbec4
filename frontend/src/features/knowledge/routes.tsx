import type { RouteObject } from "react-router";

import { AnswerEditorPage } from "./AnswerEditorPage";
import { AskQuestionPage } from "./AskQuestionPage";
import { CollectionPage, CollectionsPage } from "./CollectionsPage";
import { FaqPage } from "./FaqPage";
import { QuestionPage } from "./QuestionPage";
import { QuestionsPage } from "./QuestionsPage";
import { QueuePage } from "./QueuePage";
import { EditResourcePage, NewResourcePage } from "./ResourceFormPage";
import { ResourcePage } from "./ResourcePage";
import { ResourcesPage } from "./ResourcesPage";
import { SearchPage } from "./SearchPage";

/**
 * This feature's pages: `publicRoutes` need no sign-in (inside PublicLayout), `appRoutes` sit in
 * the signed-in AppShell, `adminRoutes` are for the project team only (inside RequireAdmin).
 *
 * The FAQ is public for everyone (signed in or not) in the public frame; signed in, the API
 * gets the token and returns every published answer, not only the public ones.
 */
export const publicRoutes: RouteObject[] = [{ path: "/faq", element: <FaqPage /> }];
export const appRoutes: RouteObject[] = [
  { path: "/questions", element: <QuestionsPage /> },
  { path: "/questions/new", element: <AskQuestionPage /> },
  { path: "/questions/:id", element: <QuestionPage /> },
  { path: "/resources", element: <ResourcesPage /> },
  { path: "/resources/new", element: <NewResourcePage /> },
  { path: "/resources/:id", element: <ResourcePage /> },
  { path: "/resources/:id/edit", element: <EditResourcePage /> },
  { path: "/collections", element: <CollectionsPage /> },
  { path: "/collections/:id", element: <CollectionPage /> },
  { path: "/search", element: <SearchPage /> },
];
export const adminRoutes: RouteObject[] = [
  { path: "/admin/questions", element: <QueuePage /> },
  { path: "/admin/questions/:id", element: <AnswerEditorPage /> },
];
