/**
 * Server-sent events over fetch: the access token goes in the Authorization header, which
 * the browser's EventSource cannot send. The stream is parsed by eventsource-parser (the
 * rules of the HTML standard: event/data/id/retry fields, comments, CRLF/CR/LF, a BOM); the
 * connection loop below reconnects with exponential backoff and renews the token on 401.
 */

import { createParser, type EventSourceParser } from "eventsource-parser";

export interface SseMessage {
  /** The `event:` field, "message" when none was given. */
  event: string;
  data: string;
  id?: string;
}

/** Feed it decoded text as it arrives, it returns the complete events. */
export class SseParser {
  private readonly parser: EventSourceParser;
  private pending: SseMessage[] = [];
  private started = false;
  /** The last `retry:` value the server asked for (milliseconds), if any. */
  retry: number | undefined;
  /** The last event id seen (kept across events, as the standard says). */
  lastEventId: string | undefined;

  constructor() {
    this.parser = createParser({
      onEvent: (event) => {
        if (event.id !== undefined) this.lastEventId = event.id;
        this.pending.push({
          event: event.event || "message",
          data: event.data,
          ...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}),
        });
      },
      onRetry: (retry) => {
        this.retry = retry;
      },
    });
  }

  feed(chunk: string): SseMessage[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      // The stream's decoder drops a byte order mark (TextDecoder does); so does a caller's text.
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.parser.feed(chunk);
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

export interface BackoffOptions {
  base?: number;
  max?: number;
  random?: () => number;
}

/**
 * How long to wait before reconnect attempt `attempt` (0-based): doubling from `base` up to
 * `max`, with jitter between half and the whole, so many tabs do not come back at once.
 */
export function backoffDelay(attempt: number, { base = 1000, max = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type ConnectionState = "connecting" | "open" | "waiting" | "closed";

export interface ConnectOptions {
  url: string;
  /** The current access token (null when there is none). */
  getToken: () => string | null;
  /** Renew the access token after a 401; null means the session is over (stop). */
  refresh: () => Promise<string | null>;
  onMessage: (message: SseMessage) => void;
  onState?: (state: ConnectionState) => void;
  /** Called when the server refuses us for good (signed out). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoff?: BackoffOptions;
  headers?: () => Record<string, string>;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Keep a connection to an event stream open until the returned function is called:
 * reconnect with backoff when it drops or fails (the server's `retry:` is the floor), renew
 * the token once on a 401, and stop when the session is over.
 */
export function connectEvents(options: ConnectOptions): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const setState = (s: ConnectionState) => options.onState?.(s);

  void (async () => {
    let attempt = 0;
    let lastEventId: string | undefined;
    let serverRetry: number | undefined;
    let renewed = false;
    while (!signal.aborted) {
      setState("connecting");
      let opened = false;
      try {
        const token = options.getToken();
        const headers: Record<string, string> = { Accept: "text/event-stream", ...(options.headers?.() ?? {}) };
        if (token) headers.Authorization = `Bearer ${token}`;
        if (lastEventId) headers["Last-Event-ID"] = lastEventId;
        const response = await doFetch(options.url, { headers, signal, cache: "no-store" });
        if (response.status === 401) {
          await response.body?.cancel().catch(() => undefined);
          if (!renewed) {
            renewed = true;
            const fresh = await options.refresh().catch(() => undefined);
            if (fresh === null) {
              options.onUnauthorized?.();
              break;
            }
            if (fresh !== undefined) continue; // try again at once with the new token
          } else {
            options.onUnauthorized?.();
            break;
          }
        } else if (response.ok && response.body) {
          opened = true;
          renewed = false;
          attempt = 0;
          setState("open");
          const parser = new SseParser();
          const reader = response.body.getReader();
          const cancel = () => void reader.cancel().catch(() => undefined);
          signal.addEventListener("abort", cancel, { once: true });
          const decoder = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
              options.onMessage(message);
            }
          }
          signal.removeEventListener("abort", cancel);
          lastEventId = parser.lastEventId ?? lastEventId;
          serverRetry = parser.retry ?? serverRetry;
        } else {
          await response.body?.cancel().catch(() => undefined);
        }
      } catch {
        // network trouble or an abort: fall through to the wait
      }
      if (signal.aborted) break;
      setState("waiting");
      const delay = Math.max(backoffDelay(opened ? 0 : attempt, options.backoff), serverRetry ?? 0);
      attempt += 1;
      await sleep(delay, signal);
    }
    setState("closed");
  })();

  return () => controller.abort();
}
