import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import i18n from "../../i18n";
import { ConflictView } from "./ConflictView";

describe("ConflictView", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  function setup() {
    const onSave = vi.fn();
    const onUseTheirs = vi.fn();
    render(
      <ConflictView
        label="Planlegge"
        theirs="Deres plan: vi starter i mars."
        theirsHtml="<p>Deres plan: vi starter i mars.</p>"
        mine="Min plan: vi starter i februar."
        onSave={onSave}
        onUseTheirs={onUseTheirs}
      />,
    );
    return { onSave, onUseTheirs };
  }

  it("shows both texts side by side and says nothing was overwritten", () => {
    setup();
    expect(screen.getByRole("heading", { name: "Teksten for Planlegge ble endret av noen andre" })).toBeInTheDocument();
    expect(screen.getByText(/Ingenting er overskrevet/)).toBeInTheDocument();
    expect(screen.getByTestId("conflict-theirs")).toHaveTextContent("Deres plan: vi starter i mars.");
    expect(screen.getByRole("textbox", { name: "Din versjon" })).toHaveValue("Min plan: vi starter i februar.");
  });

  it("saves the merged text the person wrote", async () => {
    const user = userEvent.setup();
    const { onSave, onUseTheirs } = setup();
    const mine = screen.getByRole("textbox", { name: "Din versjon" });
    await user.clear(mine);
    await user.type(mine, "Vi starter i februar, og følger opp i mars.");
    await user.click(screen.getByRole("button", { name: "Lagre min versjon" }));
    expect(onSave).toHaveBeenCalledWith("Vi starter i februar, og følger opp i mars.");
    expect(onUseTheirs).not.toHaveBeenCalled();
  });

  it("can take their version instead", async () => {
    const user = userEvent.setup();
    const { onSave, onUseTheirs } = setup();
    await user.click(screen.getByRole("button", { name: "Bruk deres versjon" }));
    expect(onUseTheirs).toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
  });
});
