import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../i18n";
import { json, mockFetch, requestsTo } from "../test/http";
import { MunicipalityCombobox, type Municipality } from "./MunicipalityCombobox";

const REGISTRY: Municipality[] = [
  { number: "4637", name: "Hyllestad", official_name: "Hyllestad", county_number: "46", county_name: "Vestland" },
  { number: "4646", name: "Fjaler", official_name: "Fjaler", county_number: "46", county_name: "Vestland" },
  { number: "1804", name: "Bodø", official_name: "Bodø", county_number: "18", county_name: "Nordland" },
  { number: "1806", name: "Narvik", official_name: "Narvik", county_number: "18", county_name: "Nordland" },
];

function serveRegistry() {
  return mockFetch({
    "GET /api/v1/municipalities": (request) => {
      const q = (new URL(request.url).searchParams.get("q") ?? "").toLowerCase();
      return json({
        items: REGISTRY.filter((m) => m.name.toLowerCase().includes(q) || m.number.startsWith(q)),
        next_cursor: null,
      });
    },
  });
}

function Harness({ initial = [] as Municipality[] }) {
  const [value, setValue] = useState<Municipality[]>(initial);
  return (
    <>
      <MunicipalityCombobox id="m" label="Kommuner" value={value} onChange={setValue} delay={0} />
      <output data-testid="value">{value.map((m) => m.number).join(",")}</output>
    </>
  );
}

function renderHarness(initial?: Municipality[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <Harness initial={initial} />
    </QueryClientProvider>,
  );
}

describe("MunicipalityCombobox", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("searches as you type and picks with the keyboard", async () => {
    const fetch = serveRegistry();
    const user = userEvent.setup();
    renderHarness();
    const box = screen.getByRole("combobox", { name: "Kommuner" });
    expect(box).toHaveAttribute("aria-expanded", "false");

    await user.type(box, "hylle");
    const option = await screen.findByRole("option", { name: /Hyllestad/ });
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(screen.getAllByRole("option")).toHaveLength(1);
    expect(new URL(requestsTo(fetch, "GET /api/v1/municipalities").at(-1)!.url).searchParams.get("q")).toBe(
      "hylle",
    );

    await user.keyboard("{ArrowDown}");
    expect(option).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", option.id);
    await user.keyboard("{Enter}");

    expect(screen.getByTestId("value")).toHaveTextContent("4637");
    expect(box).toHaveValue("");
    expect(box).toHaveFocus();
    expect(screen.getByRole("button", { name: "Fjern Hyllestad" })).toBeInTheDocument();
    expect(screen.getByText(/Hyllestad er lagt til\./)).toHaveAttribute("aria-live", "polite");
  });

  it("chooses several (a joint application) and leaves chosen ones out of the list", async () => {
    serveRegistry();
    const user = userEvent.setup();
    renderHarness([REGISTRY[0]!]);
    const box = screen.getByRole("combobox", { name: "Kommuner" });
    await user.type(box, "l"); // Hyllestad, Fjaler
    await screen.findByRole("option", { name: /Fjaler/ });
    expect(screen.queryByRole("option", { name: /Hyllestad/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("option", { name: /Fjaler/ }));
    expect(screen.getByTestId("value")).toHaveTextContent("4637,4646");
  });

  it("removes a chip by button, or the last one with Backspace in an empty box", async () => {
    serveRegistry();
    const user = userEvent.setup();
    renderHarness([REGISTRY[0]!, REGISTRY[1]!, REGISTRY[2]!]);
    await user.click(screen.getByRole("button", { name: "Fjern Fjaler" }));
    expect(screen.getByTestId("value")).toHaveTextContent("4637,1804");
    const box = screen.getByRole("combobox", { name: "Kommuner" });
    expect(box).toHaveFocus();
    await user.keyboard("{Backspace}");
    expect(screen.getByTestId("value")).toHaveTextContent("4637");
  });

  it("says when nothing matches, and Escape closes the list", async () => {
    serveRegistry();
    const user = userEvent.setup();
    renderHarness();
    const box = screen.getByRole("combobox", { name: "Kommuner" });
    await user.type(box, "zzz");
    expect(await screen.findByText("Ingen kommuner passer med det du skrev.")).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, "b");
    await screen.findByRole("option", { name: /Bodø/ });
    await user.keyboard("{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("option")).not.toBeInTheDocument();
  });

  it("Enter with an open list never submits the surrounding form", async () => {
    serveRegistry();
    const user = userEvent.setup();
    let submitted = false;
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submitted = true;
          }}
        >
          <Harness />
        </form>
      </QueryClientProvider>,
    );
    const box = screen.getByRole("combobox", { name: "Kommuner" });
    await user.type(box, "nar");
    await screen.findByRole("option", { name: /Narvik/ });
    await act(async () => {
      await user.keyboard("{Enter}");
    });
    expect(submitted).toBe(false);
    expect(screen.getByTestId("value")).toHaveTextContent("1806");
  });
});
