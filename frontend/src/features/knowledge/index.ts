// What knowledge offers the app shell (eslint.config.js: a feature is imported through its
// index, never file by file).
export { KnowledgeHeaderTools, KnowledgeNavItems } from "./shell";
