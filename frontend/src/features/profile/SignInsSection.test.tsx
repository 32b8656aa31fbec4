import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch } from "../../test/http";
import { describeAgent, type SignIn } from "./SignInsSection";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

describe("describeAgent", () => {
  it.each([
    [FIREFOX, "Firefox · Linux"],
    [IPHONE, "Safari · iPhone"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0", "Edge · Windows"],
    ["curl/8.5.0", "curl/8.5.0"],
    [null, "Ukjent"],
  ])("%s → %s", (agent, expected) => {
    expect(describeAgent(agent, "Ukjent")).toBe(expected);
  });
});

function signIn(patch: Partial<SignIn>): SignIn {
  return {
    id: "s1",
    started_at: "2026-11-20T08:00:00Z",
    last_active_at: "2026-11-26T09:30:00Z",
    user_agent: FIREFOX,
    ip_address: "10.0.0.5",
    current: false,
    ...patch,
  };
}

describe("SignInsSection", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  it("lists my sign-ins and signs out another device after confirmation", async () => {
    let live = [signIn({ id: "here", current: true }), signIn({ id: "phone", user_agent: IPHONE })];
    const ended: string[] = [];
    mockFetch({
      "POST /api/v1/auth/refresh": () => json({ access_token: "t", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/me": () => json(ME),
      "GET /api/v1/me/sign-ins": () => json(live),
      "DELETE /api/v1/me/sign-ins/phone": () => {
        ended.push("phone");
        live = live.filter((s) => s.id !== "phone");
        return new Response(null, { status: 204 });
      },
    });
    const router = createMemoryRouter(routes, { initialEntries: ["/profile"] });
    render(
      <AppProviders client={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    const section = (await screen.findByRole("heading", { name: "Hvor du er logget inn" })).closest("section")!;
    expect(await within(section).findByText("Safari · iPhone")).toBeInTheDocument();
    expect(within(section).getByText("Denne enheten")).toBeInTheDocument();
    // The device in use has no sign-out button here (that is the header's "Logg ut").
    expect(within(section).getAllByRole("button")).toHaveLength(1);

    const user = userEvent.setup();
    await user.click(within(section).getByRole("button", { name: "Logg ut Safari · iPhone" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/Safari · iPhone blir logget ut med en gang/)).toBeInTheDocument();
    expect(ended).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Logg ut" }));
    await waitFor(() => expect(within(section).queryByText("Safari · iPhone")).not.toBeInTheDocument());
    expect(ended).toEqual(["phone"]);
  });
});
