import { render, screen, within } from "@testing-library/react";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, problem, requestsTo } from "../../test/http";
import type { Faq } from "./api";

const t = i18n.getFixedT("nb");

const topic = (slug: string, name: string, position: number) => ({
  id: `t-${slug}`,
  slug,
  name_nb: name,
  name_nn: `${name} (nn)`,
  name_en: `${name} (en)`,
  position,
});

const FAQ: Faq = {
  topics: [
    {
      topic: topic("economy", "Økonomi", 10),
      items: [
        {
          id: "q1",
          title: "Er prosjektet fullfinansiert?",
          body_html: "<p>Blir det en egenandel?</p>",
          answer_html: "<p>Prosjektet dekker <strong>veiledning</strong>.</p>",
          public: true,
          answered_at: "2026-11-20T10:00:00Z",
          vote_count: 7,
        },
      ],
    },
    { topic: topic("reporting", "Rapportering", 60), items: [] },
    {
      topic: topic("other", "Annet", 90),
      items: [
        {
          id: "q1",
          title: "Er prosjektet fullfinansiert?",
          body_html: "",
          answer_html: "<p>Samme svar under to tema.</p>",
          public: true,
          answered_at: null,
          vote_count: 7,
        },
      ],
    },
  ],
};

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders client={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

describe("FAQ page", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  it("signed out: public answers by topic, a topic menu, anchors, and a way to sign in", async () => {
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
      "GET /api/v1/faq": () => json({ items: FAQ.topics, next_cursor: null }),
    });
    renderAt("/faq");
    expect(await screen.findByRole("heading", { level: 1, name: t("knowledge.faq.title") })).toBeInTheDocument();
    expect(await screen.findByText(t("knowledge.faq.signedOut"))).toBeInTheDocument();
    expect(screen.getByRole("link", { name: t("knowledge.faq.signIn") })).toHaveAttribute("href", "/login");

    const nav = await screen.findByRole("navigation", { name: t("knowledge.faq.topicNav") });
    const links = within(nav).getAllByRole("link");
    // Topics without answers are left out.
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["#topic-economy", "#topic-other"]);

    const first = document.getElementById("q-q1");
    expect(first).not.toBeNull();
    expect(within(first as HTMLElement).getByRole("heading", { level: 3 })).toHaveTextContent(
      "Er prosjektet fullfinansiert?",
    );
    expect(within(first as HTMLElement).getByText("veiledning").tagName).toBe("STRONG");
    // The same answer under a second topic gets an id of its own.
    expect(document.getElementById("q-q1-other")).not.toBeNull();
    expect(screen.getAllByRole("link", { name: /^Lenke til svaret på/ })[0]).toHaveAttribute("href", "#q-q1");

    const [request] = requestsTo(fetch, "GET /api/v1/faq");
    expect(request?.headers.has("Authorization")).toBe(false);
  });

  it("signed in: asks with the token (all published answers) and offers to ask a question", async () => {
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => json({ access_token: "tok", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/me": () => json(ME),
      "GET /api/v1/faq": () => json({ items: FAQ.topics, next_cursor: null }),
    });
    renderAt("/faq");
    expect(await screen.findByRole("link", { name: t("knowledge.faq.ask") })).toHaveAttribute("href", "/questions/new");
    expect(screen.queryByText(t("knowledge.faq.signedOut"))).toBeNull();
    await screen.findByRole("navigation", { name: t("knowledge.faq.topicNav") });
    const [request] = requestsTo(fetch, "GET /api/v1/faq");
    expect(request?.headers.get("Authorization")).toBe("Bearer tok");
  });

  it("no published answers: says so", async () => {
    mockFetch({
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
      "GET /api/v1/faq": () => json({ items: [], next_cursor: null }),
    });
    renderAt("/faq");
    expect(await screen.findByText(t("knowledge.faq.empty"))).toBeInTheDocument();
  });

  it("follows the cursor: every page of topics is shown", async () => {
    const [first, ...rest] = FAQ.topics;
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
      "GET /api/v1/faq": (request) =>
        new URL(request.url).searchParams.get("cursor") === "page-2"
          ? json({ items: rest, next_cursor: null })
          : json({ items: [first], next_cursor: "page-2" }),
    });
    renderAt("/faq");
    const nav = await screen.findByRole("navigation", { name: t("knowledge.faq.topicNav") });
    expect(within(nav).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual([
      "#topic-economy",
      "#topic-other",
    ]);
    expect(requestsTo(fetch, "GET /api/v1/faq")).toHaveLength(2);
  });
});
