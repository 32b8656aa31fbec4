/** What this feature adds to the signed-in frame: main-menu items (each an `<li>`). */
export function KnowledgeNavItems() {
  return null;
}

/** What this feature adds to the header's tools (beside the language switcher). */
export function KnowledgeHeaderTools() {
  return null;
}
