import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError } from "./problem";

export type AutosaveStatus = "idle" | "pending" | "saving" | "saved" | "conflict" | "error";

export interface AutosaveState {
  status: AutosaveStatus;
  error?: unknown;
}

export interface AutosaverOptions<T> {
  /** Sends the values with the version they were based on; resolves to the new version. */
  save: (values: T, version: number) => Promise<number>;
  version: number;
  /** Quiet time after the last change before saving (ms). */
  delay?: number;
  onState?: (state: AutosaveState) => void;
}

/**
 * Saves a draft a short while after the last change, one request at a time, each carrying the
 * version the server last gave back. A 409 stops saving (someone else changed the draft): the
 * person must reload the latest before going on, so nothing is silently overwritten.
 */
export class Autosaver<T> {
  private pendingValues: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private version: number;
  private readonly delay: number;
  private state: AutosaveState = { status: "idle" };

  private readonly options: AutosaverOptions<T>;

  constructor(options: AutosaverOptions<T>) {
    this.options = options;
    this.version = options.version;
    this.delay = options.delay ?? 800;
  }

  get currentVersion(): number {
    return this.version;
  }

  get current(): AutosaveState {
    return this.state;
  }

  /** True while there are changes the server has not got yet. */
  get dirty(): boolean {
    return this.pendingValues !== null || this.inFlight !== null;
  }

  private publish(state: AutosaveState) {
    this.state = state;
    this.options.onState?.(state);
  }

  /** A change: remember the newest values and (re)start the quiet-time timer. */
  schedule(values: T): void {
    if (this.stopped) return;
    this.pendingValues = values;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.delay);
    if (!this.inFlight) this.publish({ status: "pending" });
  }

  /** Save now what is waiting (e.g. before submitting or leaving); resolves when all is sent. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight) await this.inFlight;
    if (this.pendingValues !== null && !this.stopped) await this.run();
  }

  /** Start again from a version the server gave (after reloading the latest). */
  reset(version: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pendingValues = null;
    this.stopped = false;
    this.version = version;
    this.publish({ status: "idle" });
  }

  /** Stop for good (the page is going away); nothing more is sent. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopped = true;
  }

  private async run(): Promise<void> {
    if (this.inFlight) return; // the running save starts another when it ends
    const values = this.pendingValues;
    if (values === null || this.stopped) return;
    this.pendingValues = null;
    this.publish({ status: "saving" });
    this.inFlight = (async () => {
      try {
        this.version = await this.options.save(values, this.version);
        if (this.pendingValues === null) this.publish({ status: "saved" });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          this.stopped = true;
          this.pendingValues = null;
          this.publish({ status: "conflict", error });
        } else {
          // Keep the values (unless newer ones came meanwhile) so a retry sends them.
          this.pendingValues ??= values;
          this.publish({ status: "error", error });
        }
      }
    })();
    await this.inFlight;
    this.inFlight = null;
    // Changes made while saving: send them as soon as their quiet time is over.
    if (this.pendingValues !== null && !this.stopped && !this.timer && this.state.status !== "error") {
      await this.run();
    } else if (this.pendingValues !== null && this.timer) {
      this.publish({ status: "pending" });
    }
  }
}

/** React binding: one Autosaver for the component's life; flushes on unmount. */
export function useAutosave<T>(options: AutosaverOptions<T>) {
  const [state, setState] = useState<AutosaveState>({ status: "idle" });
  const saveRef = useRef(options.save);
  saveRef.current = options.save;
  const [saver] = useState(
    () =>
      new Autosaver<T>({
        ...options,
        save: (values, version) => saveRef.current(values, version),
        onState: setState,
      }),
  );

  useEffect(() => {
    // Leaving the page with unsaved changes: save them, and let the browser warn meanwhile.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (saver.dirty && saver.current.status !== "conflict") {
        void saver.flush();
        event.preventDefault();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      void saver.flush();
    };
  }, [saver]);

  const schedule = useCallback((values: T) => saver.schedule(values), [saver]);
  const flush = useCallback(() => saver.flush(), [saver]);
  const reset = useCallback((version: number) => saver.reset(version), [saver]);
  return { ...state, schedule, flush, reset, saver };
}
