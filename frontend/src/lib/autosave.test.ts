import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { Autosaver, type AutosaveState } from "./autosave";
import { ApiError, NetworkError } from "./problem";

function conflict() {
  return new ApiError(409, { type: "about:blank", title: "Conflict", status: 409, code: "conflict" });
}

/** A server that remembers the version and answers 409 to a stale one. */
function fakeServer(start = 1) {
  let version = start;
  const calls: { values: string; version: number }[] = [];
  const save = vi.fn(async (values: string, sent: number) => {
    calls.push({ values, version: sent });
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (sent !== version) throw conflict();
    version += 1;
    return version;
  });
  return {
    save,
    calls,
    bumpElsewhere: () => {
      version += 1;
    },
  };
}

function track(options: ConstructorParameters<typeof Autosaver<string>>[0]) {
  const states: AutosaveState["status"][] = [];
  const saver = new Autosaver<string>({ ...options, onState: (s) => states.push(s.status) });
  return { saver, states };
}

describe("Autosaver", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits for a pause in typing, then saves the newest values once", async () => {
    const server = fakeServer();
    const { saver, states } = track({ save: server.save, version: 1, delay: 800 });
    saver.schedule("H");
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule("Hei");
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule("Hei du");
    await vi.advanceTimersByTimeAsync(799);
    expect(server.save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toEqual([{ values: "Hei du", version: 1 }]);
    expect(saver.current.status).toBe("saving");
    await vi.advanceTimersByTimeAsync(50);
    expect(saver.current.status).toBe("saved");
    expect(saver.currentVersion).toBe(2);
    expect(states).toEqual(["pending", "pending", "pending", "saving", "saved"]);
  });

  it("sends changes made during a save afterwards, with the new version", async () => {
    const server = fakeServer();
    const { saver } = track({ save: server.save, version: 1, delay: 800 });
    saver.schedule("a");
    await vi.advanceTimersByTimeAsync(810); // first save in flight (takes 50 ms)
    saver.schedule("ab");
    await vi.advanceTimersByTimeAsync(20);
    expect(saver.current.status).toBe("saving"); // still the first one
    await vi.advanceTimersByTimeAsync(30);
    expect(saver.current.status).toBe("pending"); // the first is saved; "ab" waits its pause
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toEqual([
      { values: "a", version: 1 },
      { values: "ab", version: 2 },
    ]);
    expect(saver.current.status).toBe("saved");
    expect(saver.currentVersion).toBe(3);
  });

  it("never runs two saves at once", async () => {
    let running = 0;
    let most = 0;
    let version = 1;
    const save = vi.fn(async (_values: string, _version: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 500));
      running -= 1;
      return ++version;
    });
    const saver = new Autosaver<string>({ save, version: 1, delay: 100 });
    for (let i = 0; i < 10; i++) {
      saver.schedule(`v${i}`);
      await vi.advanceTimersByTimeAsync(150);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(most).toBe(1);
    expect(save.mock.calls.at(-1)?.[0]).toBe("v9");
  });

  it("stops at a version conflict and saves nothing more until reset", async () => {
    const server = fakeServer();
    const { saver } = track({ save: server.save, version: 1, delay: 800 });
    server.bumpElsewhere(); // someone saved from another tab
    saver.schedule("mine");
    await vi.advanceTimersByTimeAsync(900);
    expect(saver.current.status).toBe("conflict");
    expect(saver.current.error).toBeInstanceOf(ApiError);

    saver.schedule("more typing");
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.save).toHaveBeenCalledTimes(1); // nothing overwritten
    expect(saver.current.status).toBe("conflict");

    // After loading the latest (version 2), saving works again.
    saver.reset(2);
    expect(saver.current.status).toBe("idle");
    saver.schedule("again");
    await vi.advanceTimersByTimeAsync(900);
    expect(server.calls.at(-1)).toEqual({ values: "again", version: 2 });
    expect(saver.current.status).toBe("saved");
  });

  it("keeps the values after a network error and sends them on retry", async () => {
    let fail = true;
    const save = vi.fn(async (_values: string, version: number) => {
      if (fail) throw new NetworkError();
      return version + 1;
    });
    const saver = new Autosaver<string>({ save, version: 4, delay: 800 });
    saver.schedule("text");
    await vi.advanceTimersByTimeAsync(800);
    expect(saver.current.status).toBe("error");
    expect(saver.dirty).toBe(true);
    fail = false;
    await saver.flush();
    expect(save).toHaveBeenLastCalledWith("text", 4);
    expect(saver.current.status).toBe("saved");
    expect(saver.dirty).toBe(false);
  });

  it("flush() saves at once, without waiting for the pause", async () => {
    const server = fakeServer();
    const saver = new Autosaver<string>({ save: server.save, version: 1, delay: 800 });
    saver.schedule("quick");
    const flushed = saver.flush();
    await vi.advanceTimersByTimeAsync(50);
    await flushed;
    expect(server.calls).toEqual([{ values: "quick", version: 1 }]);
    expect(saver.current.status).toBe("saved");
  });
});
