import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { useLocalDraft } from "./useLocalDraft";

const KEY = "cycle.c1.plan";
const STORED = `samklang.draft.${KEY}`;

describe("useLocalDraft", () => {
  beforeEach(() => localStorage.clear());

  it("starts from the saved text when there is no draft", () => {
    const { result } = renderHook(() => useLocalDraft(KEY, "Lagret"));
    expect(result.current.value).toBe("Lagret");
    expect(result.current.restoredAt).toBeNull();
    expect(result.current.dirty).toBe(false);
  });

  it("keeps every change in localStorage, keyed by cycle and field", () => {
    const { result } = renderHook(() => useLocalDraft(KEY, "Lagret"));
    act(() => result.current.setValue("Lagret og mer"));
    expect(result.current.value).toBe("Lagret og mer");
    expect(result.current.dirty).toBe(true);
    expect(JSON.parse(localStorage.getItem(STORED) ?? "{}").text).toBe("Lagret og mer");
  });

  it("restores a draft after a reload (a new mount) and says so", () => {
    const first = renderHook(() => useLocalDraft(KEY, "Lagret"));
    act(() => first.result.current.setValue("Halvskrevet"));
    first.unmount();
    const second = renderHook(() => useLocalDraft(KEY, "Lagret"));
    expect(second.result.current.value).toBe("Halvskrevet");
    expect(second.result.current.restoredAt).not.toBeNull();
    expect(second.result.current.dirty).toBe(true);
  });

  it("keeps drafts of other fields and cycles apart", () => {
    const plan = renderHook(() => useLocalDraft("cycle.c1.plan", ""));
    act(() => plan.result.current.setValue("Plan"));
    const act1 = renderHook(() => useLocalDraft("cycle.c1.act", ""));
    const other = renderHook(() => useLocalDraft("cycle.c2.plan", ""));
    expect(act1.result.current.value).toBe("");
    expect(other.result.current.value).toBe("");
  });

  it("is cleared after a successful save", () => {
    const { result, rerender } = renderHook(({ saved }) => useLocalDraft(KEY, saved), {
      initialProps: { saved: "Lagret" },
    });
    act(() => result.current.setValue("Ny tekst"));
    act(() => result.current.clear("Ny tekst"));
    rerender({ saved: "Ny tekst" });
    expect(localStorage.getItem(STORED)).toBeNull();
    expect(result.current.value).toBe("Ny tekst");
    expect(result.current.dirty).toBe(false);
    expect(result.current.restoredAt).toBeNull();
  });

  it("drops a stored draft that equals the saved text", () => {
    localStorage.setItem(STORED, JSON.stringify({ text: "Lagret", savedAt: "2026-11-27T10:00:00Z" }));
    const { result } = renderHook(() => useLocalDraft(KEY, "Lagret"));
    expect(result.current.restoredAt).toBeNull();
    expect(localStorage.getItem(STORED)).toBeNull();
  });

  it("keeps the draft when someone else saves meanwhile (never overwritten silently)", () => {
    const { result, rerender } = renderHook(({ saved }) => useLocalDraft(KEY, saved), {
      initialProps: { saved: "Lagret" },
    });
    act(() => result.current.setValue("Mitt utkast"));
    rerender({ saved: "Deres nye tekst" });
    expect(result.current.value).toBe("Mitt utkast");
  });

  it("follows the saved text while nothing is typed", () => {
    const { result, rerender } = renderHook(({ saved }) => useLocalDraft(KEY, saved), {
      initialProps: { saved: "Lagret" },
    });
    rerender({ saved: "Oppdatert" });
    expect(result.current.value).toBe("Oppdatert");
  });
});
