import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { ME, json, mockFetch, requestsTo } from "../../test/http";
import type { FeedItem } from "./api";
import { FeedPage } from "./FeedPage";
import { liveStore } from "./live";

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
    comment_count: 2,
    reactions: { useful: 1, inspiring: 0 },
    my_reactions: [],
    ...patch,
  };
}

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.search}</output>;
}

function renderAt(path: string) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <FeedPage />
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

function routes(items: FeedItem[]) {
  return {
    "GET /api/v1/me": () => json({ ...ME, role: "member" as const, memberships: [] }),
    "GET /api/v1/feed": () => json({ items, next_cursor: null }),
    "GET /api/v1/workspaces": () =>
      json({
        items: [
          { id: "w-bodo", name: "Bodø" },
          { id: "w-asker", name: "Asker" },
        ],
        next_cursor: null,
      }),
    "GET /api/v1/follows": () => json({ workspaces: [], topics: [] }),
  };
}

describe("FeedPage", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
    liveStore.reset();
    localStorage.clear();
  });

  it("reads its filters from the address, sends them to the API, and writes changes back", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch(routes([item()]));
    renderAt("/feed?kind=post&topic=kor");

    expect(await screen.findByText("Vi spilte med korpset i storefri.")).toBeInTheDocument();
    const first = new URL(requestsTo(fetchMock, "GET /api/v1/feed")[0]!.url);
    expect(first.searchParams.get("kind")).toBe("post");
    expect(first.searchParams.get("topic")).toBe("kor");
    expect(screen.getByLabelText("Type")).toHaveValue("post");
    expect(screen.getByRole("textbox", { name: "Tema" })).toHaveValue("kor");
    expect(screen.getByRole("button", { name: "Vis kommentarer (2)" })).toHaveAttribute("aria-expanded", "false");

    await user.click(screen.getByRole("checkbox", { name: "Bare det jeg følger" }));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("following=1"));
    await screen.findByRole("option", { name: "Asker" });
    await user.selectOptions(screen.getByLabelText("Arbeidsrom"), "w-asker");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("workspace=w-asker"));
    await waitFor(() => {
      const last = new URL(requestsTo(fetchMock, "GET /api/v1/feed").at(-1)!.url);
      expect(last.searchParams.get("workspace_id")).toBe("w-asker");
      expect(last.searchParams.get("following")).toBe("true");
      expect(last.searchParams.get("kind")).toBe("post");
    });
  });

  it("says so when nothing matches, and clears the filters", async () => {
    const user = userEvent.setup();
    mockFetch(routes([]));
    renderAt("/feed?kind=measure");
    expect(await screen.findByText("Ingenting passer med filtrene du har valgt.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Fjern filtrene" }));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(""));
    expect(await screen.findByText(/Ingenting er delt med deg ennå/)).toBeInTheDocument();
  });

  it("announces live items in a banner and loads them only when asked", async () => {
    const user = userEvent.setup();
    const fetchMock = mockFetch(routes([item()]));
    renderAt("/feed");
    await screen.findByText("Vi spilte med korpset i storefri.");
    const loads = requestsTo(fetchMock, "GET /api/v1/feed").length;

    act(() => {
      liveStore.addFeedItem({ id: "f2", kind: "reflection", workspaceId: "w-asker" });
      liveStore.addFeedItem({ id: "f3", kind: "post", workspaceId: "w-bodo" });
    });
    const banner = await screen.findByRole("button", { name: "2 nye innlegg – vis dem" });
    expect(requestsTo(fetchMock, "GET /api/v1/feed")).toHaveLength(loads);

    await user.click(banner);
    await waitFor(() => expect(requestsTo(fetchMock, "GET /api/v1/feed").length).toBeGreaterThan(loads));
    expect(screen.queryByRole("button", { name: /nye innlegg/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Nyeste først" })).toHaveFocus());
  });

  it("counts in the banner only live items that match the kind filter", async () => {
    mockFetch(routes([item()]));
    renderAt("/feed?kind=post");
    await screen.findByText("Vi spilte med korpset i storefri.");
    act(() => {
      liveStore.addFeedItem({ id: "f2", kind: "reflection", workspaceId: "w-asker" });
      liveStore.addFeedItem({ id: "f3", kind: "post", workspaceId: "w-bodo" });
    });
    expect(await screen.findByRole("button", { name: "1 nytt innlegg – vis det" })).toBeInTheDocument();
  });
});
