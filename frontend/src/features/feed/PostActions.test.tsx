import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { ME, json, mockFetch, problem, requestsTo, type Handler } from "../../test/http";
import type { FeedItem, Post } from "./api";
import { FeedPage } from "./FeedPage";
import { liveStore } from "./live";

const PILOT = { ...ME, id: "u-pilot", name: "Per Pilot", role: "member" as const, memberships: [] };

function item(patch: Partial<FeedItem> = {}): FeedItem {
  return {
    id: "f1",
    kind: "post",
    source_type: "post",
    source_id: "p1",
    workspace_id: "w-bodo",
    workspace_name: "Bodø",
    visibility: "network",
    title: "",
    excerpt: "Vi spilte med korpset i storefri.",
    author_id: "u-pilot",
    author_name: "Per Pilot",
    topics: ["kor"],
    url: null,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    comment_count: 0,
    reactions: { useful: 0, inspiring: 0 },
    my_reactions: [],
    ...patch,
  };
}

function post(patch: Partial<Post> = {}): Post {
  return {
    id: "p1",
    workspace_id: "w-bodo",
    workspace_name: "Bodø",
    author_id: "u-pilot",
    author_name: "Per Pilot",
    body: "Vi spilte med korpset i storefri.",
    body_html: "<p>Vi spilte med korpset i storefri.</p>",
    visibility: "network",
    topics: ["kor"],
    files: [],
    hidden: false,
    hidden_reason: null,
    version: 3,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    can_edit: true,
    ...patch,
  };
}

/** The feed answers with whatever `state.items` holds at the time. */
function routes(state: { items: FeedItem[] }, me: typeof PILOT | typeof ME, extra: Record<string, Handler> = {}) {
  return {
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/feed": () => json({ items: state.items, next_cursor: null }),
    "GET /api/v1/workspaces": () => json({ items: [], next_cursor: null }),
    "GET /api/v1/follows": () => json({ workspaces: [], topics: [] }),
    "GET /api/v1/posts/p1": () => json(post()),
    ...extra,
  };
}

function renderFeed() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={["/feed"]}>
        <FeedPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

const card = () => screen.getByRole("article", { name: "Innlegg" });

// Generous waits: these run beside browser journeys on a loaded machine.
const SLOW = { timeout: 5000 };

describe("editing a post in the feed", { timeout: 30_000 }, () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    liveStore.reset();
    localStorage.clear();
  });

  it("loads the post, saves the change with its version, shows the new excerpt and says so", async () => {
    const user = userEvent.setup();
    const state = { items: [item()] };
    const fetchMock = mockFetch(
      routes(state, PILOT, {
        "PATCH /api/v1/posts/p1": () => {
          state.items = [item({ excerpt: "Vi spilte med korpset, og foreldrene kom." })];
          return json(post({ body: "Vi spilte med korpset, og foreldrene kom.", version: 4, topics: ["kor", "foreldre"] }));
        },
      }),
    );
    renderFeed();

    const edit = await screen.findByRole("button", { name: "Endre innlegget" }, SLOW);
    // Not mine to report; mine to delete.
    expect(within(card()).queryByRole("button", { name: "Rapporter innlegget" })).not.toBeInTheDocument();
    expect(within(card()).getByRole("button", { name: "Slett innlegget" })).toBeInTheDocument();
    await user.click(edit);

    const body = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    await waitFor(() => expect(body).toHaveFocus(), SLOW);
    expect(body).toHaveValue("Vi spilte med korpset i storefri.");
    expect(screen.getByRole("textbox", { name: "Tema (valgfritt)" })).toHaveValue("kor");
    expect(requestsTo(fetchMock, "GET /api/v1/posts/p1")).toHaveLength(1);

    await user.clear(body);
    await user.paste("Vi spilte med korpset, og foreldrene kom.");
    // Kept on this device while typing.
    expect(localStorage.getItem("samklang.draft.post.p1.edit")).toContain("foreldrene kom");
    const topics = screen.getByRole("textbox", { name: "Tema (valgfritt)" });
    await user.clear(topics);
    await user.paste("kor, foreldre");
    await user.click(screen.getByRole("button", { name: "Lagre endringen" }));

    expect(await screen.findByText("Innlegget er lagret.", {}, SLOW)).toBeInTheDocument();
    const [patch] = requestsTo(fetchMock, "PATCH /api/v1/posts/p1");
    expect(await bodyOf(patch!)).toEqual({
      body: "Vi spilte med korpset, og foreldrene kom.",
      topics: ["kor", "foreldre"],
      visibility: "network",
      version: 3,
    });
    expect(await screen.findByText("Vi spilte med korpset, og foreldrene kom.", {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Endre innlegget" })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Endre innlegget" })).toHaveFocus(), SLOW);
    expect(localStorage.getItem("samklang.draft.post.p1.edit")).toBeNull();
  });

  it("on a conflict keeps my text, shows the saved one, and saves mine on the newer version", async () => {
    const user = userEvent.setup();
    const state = { items: [item()] };
    const theirs = post({ body: "Rektor la til: neste gang i gymsalen.", version: 5 });
    let patches = 0;
    const fetchMock = mockFetch(
      routes(state, PILOT, {
        "PATCH /api/v1/posts/p1": () => {
          patches += 1;
          if (patches === 1) {
            return new Response(
              JSON.stringify({
                type: "about:blank",
                title: "Changed by someone else",
                status: 409,
                code: "conflict",
                detail: "Someone else saved a newer version; compare and save again",
                current: theirs,
              }),
              { status: 409, headers: { "Content-Type": "application/problem+json" } },
            );
          }
          return json(post({ body: "Min tekst.", version: 6 }));
        },
      }),
    );
    renderFeed();

    await user.click(await screen.findByRole("button", { name: "Endre innlegget" }, SLOW));
    const body = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    await user.clear(body);
    await user.paste("Min tekst.");
    await user.click(screen.getByRole("button", { name: "Lagre endringen" }));

    const conflict = await screen.findByTestId("post-conflict", {}, SLOW);
    expect(within(conflict).getByRole("heading", { name: "Noen andre har endret innlegget" })).toBeInTheDocument();
    expect(screen.getByTestId("post-conflict-theirs")).toHaveTextContent("Rektor la til: neste gang i gymsalen.");
    expect(body).toHaveValue("Min tekst.");
    // Escape does not throw away a conflict.
    await user.type(body, "{Escape}");
    expect(screen.getByRole("textbox", { name: "Innlegg" })).toHaveValue("Min tekst.");

    await user.click(screen.getByRole("button", { name: "Lagre min tekst" }));
    expect(await screen.findByText("Innlegget er lagret.", {}, SLOW)).toBeInTheDocument();
    const second = requestsTo(fetchMock, "PATCH /api/v1/posts/p1")[1]!;
    expect(await bodyOf(second)).toMatchObject({ body: "Min tekst.", version: 5 });
  });

  it("on a conflict can take the saved text instead", async () => {
    const user = userEvent.setup();
    mockFetch(
      routes({ items: [item()] }, PILOT, {
        "PATCH /api/v1/posts/p1": () =>
          new Response(
            JSON.stringify({
              type: "about:blank",
              title: "Changed by someone else",
              status: 409,
              code: "conflict",
              current: post({ body: "Den lagrede.", version: 5, topics: ["gym"] }),
            }),
            { status: 409, headers: { "Content-Type": "application/problem+json" } },
          ),
      }),
    );
    renderFeed();
    await user.click(await screen.findByRole("button", { name: "Endre innlegget" }, SLOW));
    const body = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    await user.type(body, " Mer.");
    await user.click(screen.getByRole("button", { name: "Lagre endringen" }));
    await user.click(await screen.findByRole("button", { name: "Bruk den lagrede teksten" }, SLOW));
    expect(body).toHaveValue("Den lagrede.");
    expect(screen.getByRole("textbox", { name: "Tema (valgfritt)" })).toHaveValue("gym");
    expect(screen.queryByTestId("post-conflict")).not.toBeInTheDocument();
    expect(body).toHaveFocus();
  });

  it("closes with Escape when nothing changed, and restores an unsaved draft after a reload", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch(routes({ items: [item()] }, PILOT));
    localStorage.setItem(
      "samklang.draft.post.p1.edit",
      JSON.stringify({ text: "Halvskrevet endring", savedAt: "2026-11-20T11:00:00Z" }),
    );
    renderFeed();

    await user.click(await screen.findByRole("button", { name: "Endre innlegget" }, SLOW));
    const body = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    expect(body).toHaveValue("Halvskrevet endring");
    expect(screen.getByText("Vi hentet fram teksten du skrev sist, den var ikke sendt.")).toBeInTheDocument();
    // Changed: Escape keeps the editor open.
    await user.type(body, "{Escape}");
    expect(screen.getByRole("textbox", { name: "Innlegg" })).toBeInTheDocument();
    // Cancel throws the draft away; the next edit starts from the saved text.
    await user.click(screen.getByRole("button", { name: "Avbryt" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Endre innlegget" })).toHaveFocus(), SLOW);
    expect(localStorage.getItem("samklang.draft.post.p1.edit")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Endre innlegget" }));
    const again = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    expect(again).toHaveValue("Vi spilte med korpset i storefri.");
    await user.type(again, "{Escape}");
    await waitFor(() => expect(screen.queryByRole("textbox", { name: "Innlegg" })).not.toBeInTheDocument(), SLOW);
    expect(screen.getByRole("button", { name: "Endre innlegget" })).toHaveFocus();
    expect(requestsTo(fetchMock, "PATCH /api/v1/posts/p1")).toHaveLength(0);
    // Each edit loads the latest version.
    expect(requestsTo(fetchMock, "GET /api/v1/posts/p1")).toHaveLength(2);
  });

  it("says so in the reader's language when the post cannot be loaded", async () => {
    const user = userEvent.setup();
    mockFetch(routes({ items: [item()] }, PILOT, { "GET /api/v1/posts/p1": () => problem(404, "not_found") }));
    renderFeed();
    await user.click(await screen.findByRole("button", { name: "Endre innlegget" }, SLOW));
    expect(await within(card()).findByRole("alert", {}, SLOW)).toHaveTextContent("Fant ikke det du lette etter.");
    expect(screen.queryByRole("textbox", { name: "Innlegg" })).not.toBeInTheDocument();
  });
});

describe("deleting a post from the feed", { timeout: 30_000 }, () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    liveStore.reset();
    localStorage.clear();
  });

  it("asks first; confirmed, the card is gone, the list heading has the focus and it is announced", async () => {
    const user = userEvent.setup();
    const state = { items: [item(), item({ id: "f2", source_id: "p2", excerpt: "Et annet innlegg." })] };
    const fetchMock = mockFetch(
      routes(state, PILOT, {
        "DELETE /api/v1/posts/p1": () => {
          state.items = state.items.filter((i) => i.id !== "f1");
          return new Response(null, { status: 204 });
        },
      }),
    );
    renderFeed();

    await screen.findByText("Vi spilte med korpset i storefri.", {}, SLOW);
    await user.click(within(screen.getAllByTestId("feed-item")[0]!).getByRole("button", { name: "Slett innlegget" }));
    const dialog = await screen.findByRole("dialog", {}, SLOW);
    expect(dialog).toHaveTextContent("Slette innlegget?");
    expect(dialog).toHaveTextContent("forsvinner fra delingsstrømmen for alle");
    await user.click(within(dialog).getByRole("button", { name: "Ja, slett innlegget" }));

    await waitFor(() => expect(screen.queryByText("Vi spilte med korpset i storefri.")).not.toBeInTheDocument(), SLOW);
    expect(screen.getByText("Et annet innlegg.")).toBeInTheDocument();
    expect(screen.getByTestId("feed-status")).toHaveTextContent("Innlegget er slettet.");
    await waitFor(() => expect(screen.getByRole("heading", { name: "Nyeste først" })).toHaveFocus(), SLOW);
    expect(requestsTo(fetchMock, "DELETE /api/v1/posts/p1")).toHaveLength(1);
  });

  it("keeps the post when the reader cancels", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch(routes({ items: [item()] }, PILOT));
    renderFeed();
    await user.click(await screen.findByRole("button", { name: "Slett innlegget" }, SLOW));
    const dialog = await screen.findByRole("dialog", {}, SLOW);
    await user.click(within(dialog).getByRole("button", { name: "Avbryt" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument(), SLOW);
    expect(screen.getByText("Vi spilte med korpset i storefri.")).toBeInTheDocument();
    expect(requestsTo(fetchMock, "DELETE /api/v1/posts/p1")).toHaveLength(0);
  });

  it("shows the error in the dialog when the delete fails", async () => {
    const user = userEvent.setup();
    mockFetch(routes({ items: [item()] }, PILOT, { "DELETE /api/v1/posts/p1": () => problem(403, "forbidden") }));
    renderFeed();
    await user.click(await screen.findByRole("button", { name: "Slett innlegget" }, SLOW));
    const dialog = await screen.findByRole("dialog", {}, SLOW);
    await user.click(within(dialog).getByRole("button", { name: "Ja, slett innlegget" }));
    expect(await within(dialog).findByText("Du har ikke tilgang til dette.", {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText("Vi spilte med korpset i storefri.")).toBeInTheDocument();
  });

  it("offers the project team delete but not edit, and someone else's post neither", async () => {
    mockFetch(routes({ items: [item()] }, { ...ME, memberships: [] }));
    renderFeed();
    await screen.findByText("Vi spilte med korpset i storefri.", {}, SLOW);
    expect(within(card()).getByRole("button", { name: "Slett innlegget" })).toBeInTheDocument();
    expect(within(card()).queryByRole("button", { name: "Endre innlegget" })).not.toBeInTheDocument();
  });

  it("offers a member nothing on someone else's post but a report", async () => {
    mockFetch(routes({ items: [item({ author_id: "u-other" })] }, PILOT));
    renderFeed();
    await screen.findByText("Vi spilte med korpset i storefri.", {}, SLOW);
    expect(within(card()).getByRole("button", { name: "Rapporter innlegget" })).toBeInTheDocument();
    expect(within(card()).queryByRole("button", { name: "Slett innlegget" })).not.toBeInTheDocument();
    expect(within(card()).queryByRole("button", { name: "Endre innlegget" })).not.toBeInTheDocument();
  });
});
