import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, requestsTo } from "../../test/http";
import type { SearchHit } from "./api";

const t = i18n.getFixedT("nb");

const signedIn = {
  "POST /api/v1/auth/refresh": () => json({ access_token: "tok", token_type: "bearer", expires_in: 900 }),
  "GET /api/v1/me": () => json(ME),
};

const HIT: SearchHit = {
  type: "question",
  id: "q1",
  title: "Hva koster kulturskolen?",
  snippet: "&lt;script&gt;x&lt;/script&gt; om <mark>kulturskolen</mark> <img src=x>",
  url: "/questions/q1",
  workspace_id: null,
  workspace_name: null,
  rank: 1,
};

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders client={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

describe("search results", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  it("shows the hits with highlighted terms, their kind and count; only <mark> becomes markup", async () => {
    mockFetch({ ...signedIn, "GET /api/v1/search": () => json({ items: [HIT], next_cursor: null }) });
    renderAt("/search?q=kulturskolen");
    const list = await screen.findByTestId("search-results");
    expect(within(list).getByRole("link", { name: HIT.title })).toHaveAttribute("href", "/questions/q1");
    expect(list.querySelector("mark")?.textContent).toBe("kulturskolen");
    expect(list.querySelector("script, img")).toBeNull();
    expect(within(list).getByText(t("knowledge.search.type.question"))).toBeInTheDocument();
    expect(screen.getByTestId("search-count")).toHaveTextContent(t("knowledge.search.count", { count: 1 }));
    // The header's search box shows what was searched for.
    expect(screen.getByRole("searchbox", { name: t("knowledge.search.inputLabel") })).toHaveValue("kulturskolen");
  });

  it("the type filter goes into the address and the request", async () => {
    const fetch = mockFetch({ ...signedIn, "GET /api/v1/search": () => json({ items: [HIT], next_cursor: null }) });
    const router = renderAt("/search?q=kulturskolen");
    await screen.findByTestId("search-results");
    await userEvent.setup().click(screen.getByRole("radio", { name: t("knowledge.search.types.resource") }));
    await screen.findByTestId("search-results");
    expect(router.state.location.search).toBe("?q=kulturskolen&type=resource");
    const urls = requestsTo(fetch, "GET /api/v1/search").map((r) => new URL(r.url).searchParams);
    expect(urls.at(-1)?.get("type")).toBe("resource");
    expect(urls.at(-1)?.get("q")).toBe("kulturskolen");
  });

  it("says when nothing was found, and asks for words when there are none", async () => {
    mockFetch({ ...signedIn, "GET /api/v1/search": () => json({ items: [], next_cursor: null }) });
    renderAt("/search?q=xyzzy");
    expect(await screen.findByText(t("knowledge.search.noResults", { q: "xyzzy" }))).toBeInTheDocument();
    expect(screen.getByText(t("knowledge.search.noResultsHint"))).toBeInTheDocument();
  });

  it("without words it asks for some and sends nothing", async () => {
    const fetch = mockFetch({ ...signedIn });
    renderAt("/search");
    expect(await screen.findByText(t("knowledge.search.empty"))).toBeInTheDocument();
    expect(requestsTo(fetch, "GET /api/v1/search")).toHaveLength(0);
  });

  it("the header search box opens the results page", async () => {
    mockFetch({
      ...signedIn,
      "GET /api/v1/search": () => json({ items: [HIT], next_cursor: null }),
      "GET /api/v1/workspaces": () => json({ items: [], next_cursor: null }),
      "GET /api/v1/questions": () => json({ items: [], next_cursor: null }),
      "GET /api/v1/topics": () => json([]),
    });
    const router = renderAt("/questions");
    const search = await screen.findByRole("search", { name: t("knowledge.search.formLabel") });
    const user = userEvent.setup();
    await user.type(within(search).getByRole("searchbox"), "egenandel{Enter}");
    await screen.findByTestId("search-results");
    expect(router.state.location.pathname).toBe("/search");
    expect(router.state.location.search).toBe("?q=egenandel");
  });
});
