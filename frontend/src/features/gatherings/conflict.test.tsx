import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { json, mockFetch, requestsTo } from "../../test/http";
import { AnswerBlock } from "./AnswerEditor";
import type { Answer } from "./api";
import { ConflictView, keepBoth } from "./ConflictView";

const t = i18n.getFixedT("nb");

const empty: Answer = {
  group_id: "grp",
  prompt_id: "p1",
  body: "",
  body_html: "",
  version: 0,
  updated_at: null,
  updated_by: null,
};

describe("keepBoth", () => {
  it("puts theirs first, then mine, without repeating", () => {
    expect(keepBoth("A", "B")).toBe("A\n\nB");
    expect(keepBoth("", "B")).toBe("B");
    expect(keepBoth("A", "")).toBe("A");
    expect(keepBoth("A and B", "B")).toBe("A and B");
    expect(keepBoth("A", "A, then B")).toBe("A, then B");
  });
});

describe("ConflictView", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("shows both texts and saves the merge the person makes", async () => {
    const onSave = vi.fn();
    render(
      <ConflictView
        theirs={{ body: "Deres tekst", updated_by: "Per Pilot", updated_at: "2027-03-02T09:05:00Z" }}
        mine="Min tekst"
        onSave={onSave}
      />,
    );
    expect(screen.getByTestId("conflict-theirs")).toHaveTextContent("Deres tekst");
    expect(screen.getByTestId("conflict-theirs")).toHaveTextContent("Lagret av Per Pilot, tirsdag 2. mars 2027 kl. 10:05 (norsk tid)");
    expect(screen.getByTestId("conflict-mine")).toHaveTextContent("Min tekst");
    const merged = screen.getByLabelText(t("gatherings.conflict.merged"));
    expect(merged).toHaveValue("Min tekst");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: t("gatherings.conflict.keepBoth") }));
    expect(merged).toHaveValue("Deres tekst\n\nMin tekst");
    await user.type(merged, "!");
    await user.click(screen.getByRole("button", { name: t("gatherings.conflict.save") }));
    expect(onSave).toHaveBeenCalledWith("Deres tekst\n\nMin tekst!");
  });
});

describe("AnswerBlock", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("autosaves; a 409 shows both texts and the merge is saved on the latest version", async () => {
    const saved: Answer = { ...empty, body: "Deres tekst", version: 1, updated_by: "Per Pilot", updated_at: "2027-03-02T09:05:00Z" };
    let calls = 0;
    const fetch = mockFetch({
      "PUT /api/v1/groups/grp/answers/p1": async (request) => {
        calls += 1;
        const body = (await request.clone().json()) as { body: string; version: number };
        if (calls === 1) {
          return json(
            { type: "about:blank", title: "Changed", status: 409, code: "conflict", detail: "x", current: saved },
            409,
          );
        }
        return json({ ...saved, body: body.body, version: 2, updated_by: "Hilde" });
      },
    });
    const onSaved = vi.fn();
    render(
      <AppProviders client={createQueryClient()}>
        <AnswerBlock groupId="grp" prompt={{ id: "p1", text: "Hva kan dere bidra med?", position: 0, round: 1 }} answer={empty} canEdit onSaved={onSaved} />
      </AppProviders>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(t("gatherings.groups.answerLabel")), "Min tekst");
    const conflict = await screen.findByTestId("answer-conflict", {}, { timeout: 3000 });
    // The first save was based on version 0; nothing was overwritten.
    const first = (await requestsTo(fetch, "PUT /api/v1/groups/grp/answers/p1")[0]!.json()) as { version: number };
    expect(first.version).toBe(0);
    expect(within(conflict).getByTestId("conflict-theirs")).toHaveTextContent("Deres tekst");
    expect(within(conflict).getByTestId("conflict-mine")).toHaveTextContent("Min tekst");
    await user.click(within(conflict).getByRole("button", { name: t("gatherings.conflict.keepBoth") }));
    await user.click(within(conflict).getByRole("button", { name: t("gatherings.conflict.save") }));
    await waitFor(() => expect(screen.queryByTestId("answer-conflict")).not.toBeInTheDocument());
    const second = (await requestsTo(fetch, "PUT /api/v1/groups/grp/answers/p1")[1]!.json()) as { body: string; version: number };
    expect(second).toEqual({ body: "Deres tekst\n\nMin tekst", version: 1 });
    expect(screen.getByLabelText(t("gatherings.groups.answerLabel"))).toHaveValue("Deres tekst\n\nMin tekst");
    expect(onSaved).toHaveBeenLastCalledWith(expect.objectContaining({ version: 2 }));
  });
});
