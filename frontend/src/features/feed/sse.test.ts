import { describe, expect, it, vi } from "vitest";

import { SseParser, backoffDelay, connectEvents, type SseMessage } from "./sse";

function streamOf(chunks: string[], keepOpen = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
}

function eventStream(chunks: string[], keepOpen = false): Response {
  return new Response(streamOf(chunks, keepOpen), {
    status: 200,
    headers: { "Content-Type": "text/event-stream" },
  });
}

describe("SseParser", () => {
  it("reads named events with JSON data", () => {
    const parser = new SseParser();
    const out = parser.feed('event: notification\ndata: {"unread_count": 3}\n\n');
    expect(out).toEqual([{ event: "notification", data: '{"unread_count": 3}' }]);
  });

  it("joins multi-line data, defaults the event name, and ignores comments and unknown fields", () => {
    const parser = new SseParser();
    const out = parser.feed(": heartbeat\n\ndata: one\ndata: two\nfoo: bar\n\n");
    expect(out).toEqual([{ event: "message", data: "one\ntwo" }]);
  });

  it("keeps partial lines and events across chunks, and handles CRLF split between chunks", () => {
    const parser = new SseParser();
    expect(parser.feed("event: feed_item\r")).toEqual([]);
    expect(parser.feed('\ndata: {"id":')).toEqual([]);
    expect(parser.feed('"f1"}\r\n')).toEqual([]);
    expect(parser.feed("\r\n")).toEqual([{ event: "feed_item", data: '{"id":"f1"}' }]);
  });

  it("accepts CR-only line ends, strips one leading space and a BOM", () => {
    const parser = new SseParser();
    expect(parser.feed("\uFEFFdata:  two spaces\r\rdata: next")).toEqual([{ event: "message", data: " two spaces" }]);
  });

  it("remembers the last event id and the retry the server asked for", () => {
    const parser = new SseParser();
    const out = parser.feed("id: 7\nretry: 5000\ndata: x\n\ndata: y\n\nretry: soon\n\n");
    expect(out).toEqual([
      { event: "message", data: "x", id: "7" },
      { event: "message", data: "y", id: "7" },
    ]);
    expect(parser.retry).toBe(5000);
    expect(parser.lastEventId).toBe("7");
  });

  it("dispatches nothing for an event without data", () => {
    const parser = new SseParser();
    expect(parser.feed("event: ping\n\n")).toEqual([]);
  });
});

describe("backoffDelay", () => {
  it("doubles up to the ceiling, with jitter between half and all of it", () => {
    const low = { random: () => 0 };
    const high = { random: () => 1 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, high))).toEqual([1000, 2000, 4000, 8000]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, low))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, high)).toBe(30_000);
    expect(backoffDelay(20, { ...high, max: 5000 })).toBe(5000);
  });
});

describe("connectEvents", () => {
  it("sends the bearer token, delivers events, and reconnects with growing waits after failures", async () => {
    const received: SseMessage[] = [];
    const sleeps: number[] = [];
    let calls = 0;
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls += 1;
      expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer tok");
      if (calls === 1) return eventStream(['event: notification\ndata: {"unread_count":1}\n\n']);
      if (calls <= 3) throw new TypeError("network down");
      return eventStream(["id: 9\ndata: later\n\n"], true);
    });
    let stop = () => {};
    const done = new Promise<void>((resolve) => {
      stop = connectEvents({
        url: "/api/v1/events",
        getToken: () => "tok",
        refresh: async () => "tok",
        onMessage: (m) => {
          received.push(m);
          if (m.data === "later") resolve();
        },
        fetch: fetchMock as unknown as typeof fetch,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        backoff: { random: () => 1 },
      });
    });
    await done;
    stop();
    expect(received.map((m) => m.event)).toEqual(["notification", "message"]);
    // After a connection that opened and ended: the base wait; then 2 s, 4 s for the failures.
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(calls).toBe(4);
  });

  it("sends Last-Event-ID when it reconnects after an event with an id", async () => {
    const seen: (string | null)[] = [];
    let stop = () => {};
    await new Promise<void>((resolve) => {
      let calls = 0;
      stop = connectEvents({
        url: "/e",
        getToken: () => "tok",
        refresh: async () => "tok",
        onMessage: () => {},
        fetch: (async (_u: RequestInfo | URL, init?: RequestInit) => {
          calls += 1;
          seen.push(new Headers(init?.headers).get("Last-Event-ID"));
          if (calls === 2) resolve();
          return calls === 1 ? eventStream(["id: 41\ndata: a\n\n"]) : eventStream([], true);
        }) as typeof fetch,
        sleep: async () => {},
      });
    });
    stop();
    expect(seen).toEqual([null, "41"]);
  });

  it("renews the token once on a 401 and uses the new one", async () => {
    let token = "old";
    const auth: (string | null)[] = [];
    let stop = () => {};
    await new Promise<void>((resolve) => {
      stop = connectEvents({
        url: "/e",
        getToken: () => token,
        refresh: async () => {
          token = "new";
          return token;
        },
        onMessage: () => resolve(),
        fetch: (async (_u: RequestInfo | URL, init?: RequestInit) => {
          const header = new Headers(init?.headers).get("Authorization");
          auth.push(header);
          return header === "Bearer new" ? eventStream(["data: hi\n\n"], true) : new Response(null, { status: 401 });
        }) as typeof fetch,
        sleep: async () => {},
      });
    });
    stop();
    expect(auth).toEqual(["Bearer old", "Bearer new"]);
  });

  it("stops for good when the session cannot be renewed", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 401 }));
    const states: string[] = [];
    await new Promise<void>((resolve) => {
      connectEvents({
        url: "/e",
        getToken: () => "expired",
        refresh: async () => null,
        onMessage: () => {},
        onUnauthorized: () => undefined,
        onState: (s) => {
          states.push(s);
          if (s === "closed") resolve();
        },
        fetch: fetchMock as unknown as typeof fetch,
        sleep: async () => {},
      });
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(states).toEqual(["connecting", "closed"]);
  });

  it("closes the open stream when stopped", async () => {
    let signal: AbortSignal | undefined;
    const states: string[] = [];
    let stop = () => {};
    await new Promise<void>((resolve) => {
      stop = connectEvents({
        url: "/e",
        getToken: () => "tok",
        refresh: async () => "tok",
        onMessage: () => resolve(),
        onState: (s) => states.push(s),
        fetch: (async (_u: RequestInfo | URL, init?: RequestInit) => {
          signal = init?.signal ?? undefined;
          return eventStream(["data: open\n\n"], true);
        }) as typeof fetch,
        sleep: async () => {},
      });
    });
    stop();
    expect(signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(states.at(-1)).toBe("closed"));
  });
});
