import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { ME, json, mockFetch, requestsTo } from "../../test/http";
import type { Comment, CommentPage } from "./api";
import { CommentThread } from "./CommentThread";
import { handleLiveMessage, liveStore } from "./live";
import { NotificationBell } from "./NotificationBell";

const PILOT = { ...ME, id: "u-pilot", name: "Per Pilot", role: "member" as const };

function comment(patch: Partial<Comment> = {}): Comment {
  return {
    id: "c1",
    target_type: "cycle",
    target_id: "cy1",
    parent_id: null,
    author_id: "u-mentor",
    author_name: "Vera Veileder",
    body: "Hva sa foreldrene?",
    body_html: "<p>Hva sa foreldrene?</p>",
    private: false,
    mentions: [],
    created_at: "2026-11-20T10:00:00Z",
    edited_at: null,
    deleted: false,
    hidden: false,
    hidden_reason: null,
    can_edit: false,
    can_delete: false,
    replies: [],
    ...patch,
  };
}

function page(items: Comment[], patch: Partial<CommentPage> = {}): CommentPage {
  return { items, next_cursor: null, count: items.length, can_comment: true, can_comment_privately: false, ...patch };
}

const REACTIONS = {
  target_type: "cycle",
  target_id: "cy1",
  counts: { useful: 2, inspiring: 0 },
  mine: [],
  people: [
    { user_id: "u1", name: "Olga Observatør", kind: "useful" },
    { user_id: "u2", name: "Vera Veileder", kind: "useful" },
  ],
};

function renderWith(ui: ReactNode) {
  const client = createQueryClient();
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
  return client;
}

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe("CommentThread", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    localStorage.clear();
  });

  it("shows the edited marker, the private label with who reads it, and a deleted placeholder", async () => {
    mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () =>
        json(
          page([
            comment({ edited_at: "2026-11-20T11:00:00Z", private: true }),
            comment({
              id: "c2",
              deleted: true,
              author_id: null,
              author_name: null,
              body: "",
              body_html: "",
              replies: [comment({ id: "c3", parent_id: "c2", author_name: "Per Pilot", body_html: "<p>Et svar</p>" })],
            }),
          ]),
        ),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);

    const first = await screen.findByRole("article", { name: "Kommentar fra Vera Veileder" });
    expect(within(first).getByText("(endret)")).toBeInTheDocument();
    expect(within(first).getByText("Privat for teamet")).toBeInTheDocument();
    expect(
      within(first).getByText("Leses bare av teamet i arbeidsrommet, veilederne og prosjektteamet."),
    ).toBeInTheDocument();

    const deleted = screen.getByRole("article", { name: "Slettet kommentar" });
    expect(within(deleted).getByText("Kommentaren er slettet.")).toBeInTheDocument();
    expect(within(deleted).queryByRole("button", { name: "Svar" })).not.toBeInTheDocument();
    // Its reply stays, in a list of its own.
    expect(screen.getByRole("list", { name: "Svar på kommentaren fra Ukjent" })).toHaveTextContent("Et svar");
    // Reactions with who reacted.
    expect(screen.getByRole("button", { name: "Nyttig 2" })).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByText("Nyttig: Olga Observatør, Vera Veileder")).toBeInTheDocument();
  });

  it("replies one level down with the parent's id", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () => json(page([comment()])),
      "POST /api/v1/comments": () => json(comment({ id: "c9", parent_id: "c1" }), 201),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);

    const first = await screen.findByRole("article", { name: "Kommentar fra Vera Veileder" });
    await user.click(within(first).getByRole("button", { name: "Svar" }));
    await user.type(screen.getByLabelText("Svar til Vera Veileder"), "De ville komme igjen.");
    await user.click(screen.getByRole("button", { name: "Send svaret" }));

    await waitFor(() => expect(requestsTo(fetchMock, "POST /api/v1/comments")).toHaveLength(1));
    const sent = await bodyOf(requestsTo(fetchMock, "POST /api/v1/comments")[0]!);
    expect(sent).toMatchObject({
      target_type: "cycle",
      target_id: "cy1",
      parent_id: "c1",
      body: "De ville komme igjen.",
      mentions: [],
      private: false,
    });
    expect(await screen.findByText("Svaret er publisert.")).toBeInTheDocument();
    // A reply cannot be replied to: replies have no "Svar" button (one level only).
    expect(screen.queryByLabelText("Svar til Vera Veileder")).not.toBeInTheDocument();
  });

  it("lets a mentor mark a comment private, and says who will read it", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch({
      "GET /api/v1/me": () => json({ ...PILOT, role: "mentor" }),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () => json(page([], { can_comment_privately: true })),
      "POST /api/v1/comments": () => json(comment({ private: true }), 201),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);

    const toggle = await screen.findByRole("checkbox", { name: "Privat for teamet" });
    expect(toggle).toHaveAccessibleDescription(
      "Leses bare av teamet i arbeidsrommet, veilederne og prosjektteamet.",
    );
    await user.type(screen.getByLabelText("Skriv en kommentar"), "Bare til dere");
    await user.click(toggle);
    await user.click(screen.getByRole("button", { name: "Send privat til teamet" }));
    await waitFor(() => expect(requestsTo(fetchMock, "POST /api/v1/comments")).toHaveLength(1));
    expect(await bodyOf(requestsTo(fetchMock, "POST /api/v1/comments")[0]!)).toMatchObject({ private: true });
  });

  it("offers no private toggle to others", async () => {
    mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () => json(page([])),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);
    expect(await screen.findByLabelText("Skriv en kommentar")).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: "Privat for teamet" })).not.toBeInTheDocument();
  });

  it("edits the author's own comment", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () =>
        json(page([comment({ author_id: "u-pilot", author_name: "Per Pilot", can_edit: true, body: "Førsteutkast" })])),
      "PATCH /api/v1/comments/c1": () => json(comment({ edited_at: "2026-11-21T10:00:00Z" })),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);
    await user.click(await screen.findByRole("button", { name: "Endre" }));
    const box = screen.getByLabelText("Endre kommentaren");
    expect(box).toHaveValue("Førsteutkast");
    await user.clear(box);
    await user.type(box, "Bedre");
    await user.click(screen.getByRole("button", { name: "Lagre endringen" }));
    await waitFor(() => expect(requestsTo(fetchMock, "PATCH /api/v1/comments/c1")).toHaveLength(1));
    expect(await bodyOf(requestsTo(fetchMock, "PATCH /api/v1/comments/c1")[0]!)).toEqual({ body: "Bedre", mentions: [] });
  });
});

describe("the @mention combobox", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    localStorage.clear();
  });

  it("opens on @, moves with the arrow keys, chooses with Enter and sends the person's id", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () => json(page([])),
      "GET /api/v1/comments/mentionable": () =>
        json([
          { id: "u-vera", name: "Vera Veileder" },
          { id: "u-verner", name: "Verner Vik" },
        ]),
      "POST /api/v1/comments": () => json(comment(), 201),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);

    const box = await screen.findByLabelText("Skriv en kommentar");
    expect(box).toHaveAttribute("aria-autocomplete", "list");
    await user.type(box, "Hei @Ve");
    const listbox = await screen.findByRole("listbox", { name: "Personer du kan nevne" });
    expect(await within(listbox).findAllByRole("option")).toHaveLength(2);
    expect(box).not.toHaveAttribute("aria-activedescendant");

    await user.keyboard("{ArrowDown}");
    const options = within(listbox).getAllByRole("option");
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]!.id);
    await user.keyboard("{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);
    await user.keyboard("{Enter}");

    expect(box).toHaveValue("Hei @Vera Veileder ");
    expect(listbox).not.toBeVisible();
    expect(requestsTo(fetchMock, "GET /api/v1/comments/mentionable").at(-1)!.url).toContain("q=Ve");

    await user.type(box, "kan du se på dette?");
    await user.click(screen.getByRole("button", { name: "Send kommentaren" }));
    await waitFor(() => expect(requestsTo(fetchMock, "POST /api/v1/comments")).toHaveLength(1));
    expect(await bodyOf(requestsTo(fetchMock, "POST /api/v1/comments")[0]!)).toMatchObject({
      body: "Hei @Vera Veileder kan du se på dette?",
      mentions: ["u-vera"],
    });
  });

  it("closes with Escape without changing the text, and drops a mention deleted from the text", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch({
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reactions": () => json(REACTIONS),
      "GET /api/v1/comments": () => json(page([])),
      "GET /api/v1/comments/mentionable": () => json([{ id: "u-vera", name: "Vera Veileder" }]),
      "POST /api/v1/comments": () => json(comment(), 201),
    });
    renderWith(<CommentThread targetType="cycle" targetId="cy1" />);
    const box = await screen.findByLabelText("Skriv en kommentar");
    await user.type(box, "@Ve");
    const listbox = await screen.findByRole("listbox", { name: "Personer du kan nevne" });
    await within(listbox).findByRole("option", { name: "Vera Veileder" });
    await user.keyboard("{Escape}");
    expect(listbox).not.toBeVisible();
    expect(box).toHaveValue("@Ve");

    await user.clear(box);
    await user.type(box, "@Ve");
    await within(listbox).findByRole("option", { name: "Vera Veileder" });
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("@Vera Veileder ");
    await user.clear(box);
    await user.type(box, "Ingen nevnt likevel");
    await user.click(screen.getByRole("button", { name: "Send kommentaren" }));
    await waitFor(() => expect(requestsTo(fetchMock, "POST /api/v1/comments")).toHaveLength(1));
    expect(await bodyOf(requestsTo(fetchMock, "POST /api/v1/comments")[0]!)).toMatchObject({ mentions: [] });
  });
});

describe("NotificationBell", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    liveStore.reset();
  });

  it("names the unread count and announces a notification that arrives live", async () => {
    mockFetch({ "GET /api/v1/notifications/unread-count": () => json({ unread: 3 }) });
    const client = renderWith(<NotificationBell />);
    const bell = await screen.findByRole("link", { name: "Varsler, 3 uleste" });
    expect(bell).toHaveAttribute("href", "/notifications");

    mockFetch({ "GET /api/v1/notifications/unread-count": () => json({ unread: 4 }) });
    act(() => {
      handleLiveMessage(
        { event: "notification", data: JSON.stringify({ id: "n1", title: "Ny kommentar på «Åpent verksted»", unread: 4 }) },
        client,
      );
    });
    expect(await screen.findByRole("link", { name: "Varsler, 4 uleste" })).toBeInTheDocument();
    expect(screen.getByTestId("bell-announcement")).toHaveTextContent("Nytt varsel: Ny kommentar på «Åpent verksted»");
  });

  it("says 1 unread in the singular, and just 'Varsler' with none", async () => {
    mockFetch({ "GET /api/v1/notifications/unread-count": () => json({ unread: 1 }) });
    const client = renderWith(<NotificationBell />);
    expect(await screen.findByRole("link", { name: "Varsler, 1 ulest" })).toBeInTheDocument();
    mockFetch({ "GET /api/v1/notifications/unread-count": () => json({ unread: 0 }) });
    act(() => handleLiveMessage({ event: "notification", data: JSON.stringify({ unread: 0 }) }, client));
    expect(await screen.findByRole("link", { name: "Varsler" })).toBeInTheDocument();
    // A count-only event (read elsewhere) announces nothing.
    expect(screen.getByTestId("bell-announcement")).toHaveTextContent("");
  });
});

describe("live feed items", () => {
  beforeEach(() => liveStore.reset());

  it("collects new feed items once each, for the banner", () => {
    const client = createQueryClient();
    const message = (id: string) => ({
      event: "feed_item",
      data: JSON.stringify({ id, kind: "reflection", workspace_id: "w1" }),
    });
    handleLiveMessage(message("f1"), client);
    handleLiveMessage(message("f1"), client);
    handleLiveMessage(message("f2"), client);
    handleLiveMessage({ event: "feed_item", data: "not json" }, client);
    expect(liveStore.getSnapshot().feedItems).toEqual([
      { id: "f1", kind: "reflection", workspaceId: "w1" },
      { id: "f2", kind: "reflection", workspaceId: "w1" },
    ]);
    liveStore.clearFeedItems();
    expect(liveStore.getSnapshot().feedItems).toEqual([]);
  });
});
