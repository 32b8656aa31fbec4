// What progress offers the app shell (eslint.config.js: a feature is imported through its
// index, never file by file).
export { ProgressHeaderTools, ProgressNavItems } from "./shell";
