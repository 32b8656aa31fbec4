import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// jsdom lacks the Web Animations API that Designsystemet's Spinner synchronises with.
if (!("getAnimations" in document)) {
  Object.defineProperty(document, "getAnimations", { value: () => [], configurable: true });
}
if (!("getAnimations" in Element.prototype)) {
  Object.defineProperty(Element.prototype, "getAnimations", { value: () => [], configurable: true });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
