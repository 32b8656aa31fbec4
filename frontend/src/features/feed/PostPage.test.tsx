import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { ME, json, mockFetch, problem, requestsTo, type Handler } from "../../test/http";
import type { Post } from "./api";
import { FeedPage } from "./FeedPage";
import { liveStore } from "./live";
import { PostPage, postTitle } from "./PostPage";

const PILOT = { ...ME, id: "u-pilot", name: "Per Pilot", role: "member" as const, memberships: [] };
const OTHER = { ...ME, id: "u-other", name: "Olga Observatør", role: "member" as const, memberships: [] };

function post(patch: Partial<Post> = {}): Post {
  return {
    id: "p1",
    workspace_id: "w-bodo",
    workspace_name: "Bodø",
    author_id: "u-pilot",
    author_name: "Per Pilot",
    body: "Korps i storefri\n\nVi spilte med **korpset** i storefri.",
    body_html: "<p>Korps i storefri</p>\n<p>Vi spilte med <strong>korpset</strong> i storefri.</p>\n",
    visibility: "network",
    topics: ["kor", "skole og hjem"],
    files: [],
    hidden: false,
    hidden_reason: null,
    version: 1,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    can_edit: true,
    ...patch,
  };
}

const COMMENTS = {
  items: [
    {
      id: "c1",
      target_type: "post",
      target_id: "p1",
      parent_id: null,
      author_id: "u-mentor",
      author_name: "Vera Veileder",
      body: "Hva sa foreldrene?",
      body_html: "<p>Hva sa foreldrene?</p>",
      private: false,
      mentions: [],
      created_at: "2026-11-20T11:00:00Z",
      edited_at: null,
      deleted: false,
      hidden: false,
      hidden_reason: null,
      can_edit: false,
      can_delete: false,
      replies: [],
    },
  ],
  next_cursor: null,
  count: 1,
  can_comment: true,
  can_comment_privately: false,
};

function routes(me: object, extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/posts/p1": () => json(post()),
    "GET /api/v1/comments": () => json(COMMENTS),
    "GET /api/v1/reactions": () =>
      json({ target_type: "post", target_id: "p1", counts: { useful: 1, inspiring: 0 }, mine: [], people: [] }),
    "GET /api/v1/feed": () => json({ items: [], next_cursor: null }),
    "GET /api/v1/workspaces": () => json({ items: [], next_cursor: null }),
    "GET /api/v1/follows": () => json({ workspaces: [], topics: [] }),
    ...extra,
  };
}

function renderPost(path = "/posts/p1") {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/posts/:postId" element={<PostPage />} />
          <Route path="/feed" element={<FeedPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

// Generous waits: these run beside browser journeys on a loaded machine.
const SLOW = { timeout: 5000 };

describe("the post page", { timeout: 30_000 }, () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    liveStore.reset();
    localStorage.clear();
  });

  it("shows the post: its first line as the heading, the body, where it is from, its topics, reactions and comments", async () => {
    mockFetch(routes(PILOT));
    renderPost();
    expect(await screen.findByRole("heading", { level: 1, name: "Korps i storefri" }, SLOW)).toBeInTheDocument();
    expect(document.title).toContain("Korps i storefri");
    const body = screen.getByTestId("post-body");
    expect(body).toHaveTextContent("Vi spilte med korpset i storefri.");
    expect(within(body).getByText("korpset").tagName).toBe("STRONG");
    const meta = screen.getByTestId("post-meta");
    expect(within(meta).getByRole("link", { name: "Bodø" })).toHaveAttribute("href", "/workspaces/w-bodo");
    expect(meta).toHaveTextContent("Av Per Pilot");
    expect(meta).toHaveTextContent("Nettverket");
    const topics = screen.getByRole("list", { name: "Tema" });
    expect(within(topics).getByRole("link", { name: "#skole og hjem" })).toHaveAttribute(
      "href",
      "/feed?topic=skole%20og%20hjem",
    );
    // The thread is open: its heading, the comment, the reactions and the form.
    expect(await screen.findByRole("heading", { level: 2, name: "1 kommentar" }, SLOW)).toBeInTheDocument();
    expect(await screen.findByText("Hva sa foreldrene?", {}, SLOW)).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Reaksjoner" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Skriv en kommentar" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Tilbake til delingsstrømmen" })).toHaveAttribute("href", "/feed");
  });

  it("says the post was not found or may not be read, in the reader's language", async () => {
    mockFetch(routes(PILOT, { "GET /api/v1/posts/p1": () => problem(404, "not_found") }));
    renderPost();
    const error = await screen.findByTestId("post-error", {}, SLOW);
    expect(error).toHaveTextContent("Fant ikke innlegget. Det kan være slettet, eller du har kanskje ikke tilgang til å lese det.");
    expect(screen.getByRole("heading", { level: 1, name: "Innlegg" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Tilbake til delingsstrømmen" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { level: 2 })).not.toBeInTheDocument();

    await act(() => i18n.changeLanguage("en"));
    expect(await screen.findByText(/The post was not found/, {}, SLOW)).toBeInTheDocument();
  });

  it("offers its author edit and delete, and saves an edit in place", async () => {
    const user = userEvent.setup();
    let saved = false;
    const fetchMock = mockFetch(
      routes(PILOT, {
        "GET /api/v1/posts/p1": () => json(saved ? post({ body: "Nytt innhold", body_html: "<p>Nytt innhold</p>", version: 2 }) : post()),
        "PATCH /api/v1/posts/p1": () => {
          saved = true;
          return json(post({ body: "Nytt innhold", body_html: "<p>Nytt innhold</p>", version: 2 }));
        },
      }),
    );
    renderPost();
    const edit = await screen.findByRole("button", { name: "Endre innlegget" }, SLOW);
    expect(screen.getByRole("button", { name: "Slett innlegget" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rapporter innlegget" })).not.toBeInTheDocument();

    await user.click(edit);
    const box = await screen.findByRole("textbox", { name: "Innlegg" }, SLOW);
    await waitFor(() => expect(box).toHaveFocus(), SLOW);
    await user.clear(box);
    await user.paste("Nytt innhold");
    await user.click(screen.getByRole("button", { name: "Lagre endringen" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Nytt innhold" }, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId("post-status")).toHaveTextContent("Innlegget er lagret.");
    await waitFor(() => expect(screen.getByRole("button", { name: "Endre innlegget" })).toHaveFocus(), SLOW);
    const [patch] = requestsTo(fetchMock, "PATCH /api/v1/posts/p1");
    expect(await patch!.clone().json()).toMatchObject({ body: "Nytt innhold", version: 1 });
  });

  it("deletes after confirming and goes to the feed, which says so", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch(routes(PILOT, { "DELETE /api/v1/posts/p1": () => new Response(null, { status: 204 }) }));
    renderPost();
    await user.click(await screen.findByRole("button", { name: "Slett innlegget" }, SLOW));
    const dialog = await screen.findByRole("dialog", {}, SLOW);
    expect(dialog).toHaveTextContent("Slette innlegget?");
    await user.click(within(dialog).getByRole("button", { name: "Ja, slett innlegget" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Deling i nettverket" }, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("feed-status")).toHaveTextContent("Innlegget er slettet."), SLOW);
    expect(requestsTo(fetchMock, "DELETE /api/v1/posts/p1")).toHaveLength(1);
  });

  it("offers someone else a report but neither edit nor delete", async () => {
    mockFetch(routes(OTHER));
    renderPost();
    expect(await screen.findByRole("button", { name: "Rapporter innlegget" }, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId("post-body")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Endre innlegget" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Slett innlegget" })).not.toBeInTheDocument();
  });

  it("offers the project team delete but not edit", async () => {
    mockFetch(routes({ ...ME, memberships: [] }));
    renderPost();
    expect(await screen.findByRole("button", { name: "Slett innlegget" }, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Endre innlegget" })).not.toBeInTheDocument();
  });

  it("tells its author why the project team hid it; others see only that it is hidden", async () => {
    mockFetch(routes(PILOT, { "GET /api/v1/posts/p1": () => json(post({ hidden: true, hidden_reason: "Personopplysninger" })) }));
    renderPost();
    expect(await screen.findByTestId("post-hidden", {}, SLOW)).toHaveTextContent(
      "Prosjektteamet har skjult dette innlegget for andre. Begrunnelse: Personopplysninger",
    );
    expect(screen.getByTestId("post-body")).toBeInTheDocument();
  });

  it("shows a hidden post to others without its text, headed by its workspace", async () => {
    mockFetch(
      routes(OTHER, {
        "GET /api/v1/posts/p1": () => json(post({ hidden: true, body: "", body_html: "", can_edit: false })),
      }),
    );
    renderPost();
    expect(await screen.findByRole("heading", { level: 1, name: "Innlegg fra Bodø" }, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId("post-hidden")).toHaveTextContent("Skjult av prosjektteamet.");
    expect(screen.queryByTestId("post-body")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rapporter innlegget" })).not.toBeInTheDocument();
  });

  it("lists the attachments as downloads", async () => {
    mockFetch(
      routes(OTHER, {
        "GET /api/v1/posts/p1": () =>
          json(post({ files: [{ id: "f1", name: "plan.pdf", size: 2048, content_type: "application/pdf" }] })),
      }),
    );
    renderPost();
    const files = await screen.findByRole("region", { name: "Vedlegg" }, SLOW);
    expect(within(files).getByRole("button", { name: /^Last ned plan\.pdf \(2 kB\)$/ })).toBeInTheDocument();
  });
});

describe("postTitle", () => {
  it("takes the first line of the text, as plain text, cut at 120 characters", () => {
    expect(postTitle("<h2>Hei <em>alle</em></h2>\n<p>Mer</p>")).toBe("Hei alle");
    expect(postTitle("<p>Første linje\nandre linje</p>")).toBe("Første linje");
    expect(postTitle("")).toBe("");
    const long = postTitle(`<p>${"a".repeat(200)}</p>`);
    expect(long).toHaveLength(120);
    expect(long.endsWith("…")).toBe(true);
  });
});
