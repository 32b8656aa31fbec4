import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, problem, type Handler } from "../../test/http";

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders client={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

async function signIn(loginResponse: Handler) {
  mockFetch({
    "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
    "POST /api/v1/auth/login": loginResponse,
    "GET /api/v1/me": () => json({ ...ME, locale: "en" }),
  });
  const router = renderAt("/login");
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(i18n.t("login.email")), "admin@demo.samklang.no");
  await user.type(screen.getByLabelText(i18n.t("login.password")), "wrong-password");
  await user.click(screen.getByRole("button", { name: i18n.t("login.submit") }));
  return router;
}

describe("LoginPage", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => {
    authStore.reset();
  });

  it("shows the sign-in form in the current language", async () => {
    mockFetch({ "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid") });
    renderAt("/login");
    expect(await screen.findByRole("heading", { level: 1, name: "Logg inn" })).toBeInTheDocument();
    expect(document.title).toBe("Logg inn – Samklang");
    expect(screen.getByRole("link", { name: "Glemt passordet?" })).toHaveAttribute("href", "/forgot-password");
  });

  it("shows invalid_credentials in bokmål", async () => {
    await signIn(() => problem(401, "invalid_credentials", "Wrong email or password"));
    const summary = await screen.findByText("Feil e-postadresse eller passord.");
    expect(summary).toBeInTheDocument();
    expect(authStore.getSnapshot().status).toBe("anonymous");
  });

  it("shows invalid_credentials in English", async () => {
    await i18n.changeLanguage("en");
    await signIn(() => problem(401, "invalid_credentials", "Wrong email or password"));
    expect(await screen.findByText("Wrong email address or password.")).toBeInTheDocument();
  });

  it("shows rate_limited for 429 in nynorsk", async () => {
    await i18n.changeLanguage("nn");
    await signIn(() => problem(429, "rate_limited", "Too many attempts"));
    expect(await screen.findByText("For mange forsøk. Vent litt og prøv igjen.")).toBeInTheDocument();
  });

  it("shows a network error when the server cannot be reached", async () => {
    await signIn(() => {
      throw new TypeError("Failed to fetch");
    });
    expect(await screen.findByText(/Fikk ikke kontakt med tjenesten/)).toBeInTheDocument();
  });

  it("validates empty fields before calling the API", async () => {
    const fetch = mockFetch({ "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid") });
    renderAt("/login");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Logg inn" }));
    expect(await screen.findAllByText("Skriv e-postadressen din.")).not.toHaveLength(0);
    expect(screen.getAllByText("Skriv passordet ditt.")).not.toHaveLength(0);
    expect(fetch).toHaveBeenCalledTimes(1); // only the start-up refresh
  });

  it("signs in, switches to the user's language and goes where they wanted", async () => {
    mockFetch({
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
      "POST /api/v1/auth/login": () => json({ access_token: "tok", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/me": () => json({ ...ME, locale: "en" }),
    });
    const router = renderAt("/profile");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("E-postadresse"), "admin@demo.samklang.no");
    await user.type(screen.getByLabelText("Passord"), "samklang-demo");
    await user.click(screen.getByRole("button", { name: "Logg inn" }));
    expect(await screen.findByRole("heading", { level: 1, name: "My profile" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/profile");
    expect(document.documentElement.lang).toBe("en");
  });
});
