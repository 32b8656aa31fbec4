import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, problem, requestsTo } from "../../test/http";
import { exportFilename, slug } from "./api";
import { UserDataActions } from "./UserDataActions";

const ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

function zip(): Response {
  return new Response(ZIP, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": 'attachment; filename="samklang-data-2026-11-27.zip"',
    },
  });
}

const signedIn = {
  "POST /api/v1/auth/refresh": () => json({ access_token: "t", token_type: "bearer", expires_in: 900 }),
  "GET /api/v1/me": () => json(ME),
  "GET /api/v1/me/sign-ins": () => json([]),
  "GET /api/v1/me/notification-settings": () => json({ email: "daily" }),
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

async function section(name: string): Promise<HTMLElement> {
  return (await screen.findByRole("heading", { name, level: 2 })).closest("section")!;
}

let saved: string[] = [];

beforeEach(async () => {
  authStore.reset();
  resetSessionForTests();
  await i18n.changeLanguage("nb");
  saved = [];
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});
afterEach(() => {
  authStore.reset();
  vi.restoreAllMocks();
});

describe("file names", () => {
  it("names the archive by day and person", () => {
    expect(exportFilename("", new Date(2026, 10, 7))).toBe("samklang-data-2026-11-07.zip");
    expect(exportFilename(slug("Åse Ørnes"), new Date(2026, 10, 7))).toBe("samklang-data-ase-ornes-2026-11-07.zip");
  });
});

describe("My data on the profile page", () => {
  it("downloads the ZIP, saying it is busy and then done", async () => {
    let release: () => void = () => undefined;
    const fetch = mockFetch({
      ...signedIn,
      "GET /api/v1/me/export": () => new Promise<Response>((resolve) => (release = () => resolve(zip()))),
    });
    renderAt("/profile");
    const mine = await section("Mine data");
    const user = userEvent.setup();
    await user.click(within(mine).getByRole("button", { name: "Last ned mine data" }));
    expect(await within(mine).findByRole("button", { name: /Gjør klar nedlastingen/ })).toBeInTheDocument();
    release();
    expect(await within(mine).findByText("Nedlastingen har startet.")).toBeInTheDocument();
    expect(saved).toEqual([exportFilename()]);
    expect(requestsTo(fetch, "GET /api/v1/me/export")).toHaveLength(1);
  });

  it("tells in the user's language when the download fails", async () => {
    mockFetch({
      ...signedIn,
      "GET /api/v1/me": () => json({ ...ME, locale: "en" }),
      "GET /api/v1/me/export": () => problem(500, "internal_error"),
    });
    await i18n.changeLanguage("en");
    renderAt("/profile");
    const mine = await section("My data");
    await userEvent.setup().click(within(mine).getByRole("button", { name: "Download my data" }));
    expect(
      await within(mine).findByText("We could not prepare the download. Something went wrong on our side. Please try again later."),
    ).toBeInTheDocument();
    expect(saved).toEqual([]);
  });
});

describe("Deleting my account", () => {
  it("asks for the password, shows a wrong one, then signs out to the confirmation page", async () => {
    const bodies: unknown[] = [];
    let wrong = true;
    mockFetch({
      ...signedIn,
      "DELETE /api/v1/me": async (request) => {
        bodies.push(await request.json());
        if (wrong) {
          wrong = false;
          return problem(422, "validation_error", "Passordet er feil.", [
            { field: "body.password", message: "Passordet er feil." },
          ]);
        }
        return new Response(null, { status: 204 });
      },
    });
    const router = renderAt("/profile");
    const danger = await section("Slett kontoen min");
    const user = userEvent.setup();
    await user.click(within(danger).getByRole("button", { name: "Slett kontoen min …" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/vist som skrevet av «Tidligere medlem»/)).toBeInTheDocument();

    const confirm = within(dialog).getByRole("button", { name: "Slett kontoen for godt" });
    await user.click(confirm);
    expect(await within(dialog).findByText("Skriv passordet ditt.")).toBeInTheDocument();
    expect(bodies).toEqual([]);

    await user.type(within(dialog).getByLabelText(/Passordet ditt/), "feil passord");
    await user.click(confirm);
    expect(await within(dialog).findByText("Passordet er feil.")).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText(/Passordet ditt/));
    await user.type(within(dialog).getByLabelText(/Passordet ditt/), "riktig passord{Enter}");
    expect(await screen.findByRole("heading", { name: "Kontoen din er slettet", level: 1 })).toBeInTheDocument();
    expect(bodies).toEqual([{ password: "feil passord" }, { password: "riktig passord" }]);
    expect(router.state.location.pathname).toBe("/account-deleted");
    expect(authStore.getSnapshot().status).toBe("anonymous");
    expect(authStore.getToken()).toBeNull();
  });

  it("closes with Cancel without deleting", async () => {
    const fetch = mockFetch({ ...signedIn });
    renderAt("/profile");
    const danger = await section("Slett kontoen min");
    const user = userEvent.setup();
    await user.click(within(danger).getByRole("button", { name: "Slett kontoen min …" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Passordet ditt/), "noe");
    await user.click(within(dialog).getByRole("button", { name: "Avbryt" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(requestsTo(fetch, "DELETE /api/v1/me")).toHaveLength(0);
  });
});

describe("The project team's actions for a person", () => {
  it("deletes a user and erases their content when chosen", async () => {
    const fetch = mockFetch({
      "DELETE /api/v1/users/u2": () => new Response(null, { status: 204 }),
      "GET /api/v1/users/u2/export": () => zip(),
    });
    const deleted: string[] = [];
    render(
      <QueryClientProvider client={createQueryClient()}>
        <UserDataActions userId="u2" name="Mads Medlem" onDeleted={(name) => deleted.push(name)} />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Last ned data om Mads Medlem" }));
    await waitFor(() => expect(saved).toEqual([exportFilename("mads-medlem")]));

    await user.click(screen.getByRole("button", { name: "Slett brukeren Mads Medlem" }));
    const dialog = await screen.findByRole("dialog", { name: "Slette brukeren Mads Medlem?" });
    expect(within(dialog).getByRole("radio", { name: /Behold innholdet/ })).toBeChecked();
    await user.click(within(dialog).getByRole("radio", { name: /Slett innholdet også/ }));
    await user.click(within(dialog).getByRole("button", { name: "Slett brukeren" }));
    await waitFor(() => expect(deleted).toEqual(["Mads Medlem"]));
    const [request] = requestsTo(fetch, "DELETE /api/v1/users/u2");
    expect(new URL(request!.url).searchParams.get("erase_content")).toBe("true");
  });

  it("keeps content by default and shows a refusal inside the dialog", async () => {
    const fetch = mockFetch({ "DELETE /api/v1/users/u2": () => problem(404, "not_found") });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <UserDataActions userId="u2" name="Mads Medlem" />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Slett brukeren Mads Medlem" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Slett brukeren" }));
    expect(await within(dialog).findByText("Fant ikke det du lette etter.")).toBeInTheDocument();
    const [request] = requestsTo(fetch, "DELETE /api/v1/users/u2");
    expect(new URL(request!.url).searchParams.get("erase_content")).toBe("false");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Avbryt" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });
});
