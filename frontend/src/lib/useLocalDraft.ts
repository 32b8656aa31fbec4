import { useCallback, useEffect, useRef, useState } from "react";

const PREFIX = "samklang.draft.";

interface StoredDraft {
  text: string;
  savedAt: string;
}

function read(key: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredDraft>;
    return typeof value.text === "string"
      ? { text: value.text, savedAt: value.savedAt ?? new Date().toISOString() }
      : null;
  } catch {
    return null;
  }
}

function write(key: string, text: string) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify({ text, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or unavailable (private mode): the text stays in the page only.
  }
}

function remove(key: string) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing to do
  }
}

export interface LocalDraft {
  /** What the editor shows: the restored draft, or the saved text. */
  value: string;
  /** A change: kept in this device's storage at once (survives a reload). */
  setValue: (text: string) => void;
  /** A draft from an earlier visit was restored (show a notice). When it was written. */
  restoredAt: string | null;
  /** True when the text differs from the saved one. */
  dirty: boolean;
  /** After a successful save (or when the person throws the draft away). */
  clear: (text?: string) => void;
}

/**
 * A text draft kept in localStorage under `key` (e.g. `cycle.<id>.plan`), so nothing is lost
 * when the page reloads or the browser closes mid-edit. A stored draft that differs from the
 * saved text is restored with `restoredAt` set; one equal to it is dropped.
 */
export function useLocalDraft(key: string, saved: string): LocalDraft {
  const [state, setState] = useState(() => {
    const stored = read(key);
    if (stored && stored.text !== saved) {
      return { value: stored.text, restoredAt: stored.savedAt };
    }
    if (stored) remove(key);
    return { value: saved, restoredAt: null as string | null };
  });
  const keyRef = useRef(key);
  const dirtyRef = useRef(state.value !== saved);
  dirtyRef.current = state.value !== saved;

  // The saved text changed (someone saved) while nothing was typed here: follow it.
  useEffect(() => {
    if (!dirtyRef.current || read(keyRef.current) === null) {
      setState((s) => (s.value === saved ? s : { value: saved, restoredAt: null }));
    }
  }, [saved]);

  const setValue = useCallback(
    (text: string) => {
      setState((s) => ({ ...s, value: text }));
      if (text === saved) remove(keyRef.current);
      else write(keyRef.current, text);
    },
    [saved],
  );

  const clear = useCallback(
    (text?: string) => {
      remove(keyRef.current);
      setState({ value: text ?? saved, restoredAt: null });
    },
    [saved],
  );

  return { value: state.value, setValue, restoredAt: state.restoredAt, dirty: state.value !== saved, clear };
}
