import { act, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import i18n from "../../i18n";
import { SimilarQuestions, type FetchSimilar, type SimilarItem, type VoteSimilar } from "./SimilarQuestions";

const t = i18n.getFixedT("nb");

const ITEMS: SimilarItem[] = [
  { id: "q1", title: "Er prosjektet fullfinansiert?", status: "answered", vote_count: 4, i_voted: false },
  { id: "q2", title: "Blir det en egenandel på kommunene?", status: "merged", vote_count: 0, i_voted: false },
  { id: "q3", title: "Hva koster det å være med?", status: "open", vote_count: 2, i_voted: true },
];

function Harness({ fetchSimilar, vote }: { fetchSimilar: FetchSimilar; vote: VoteSimilar }) {
  const [title, setTitle] = useState("");
  return (
    <MemoryRouter>
      <label htmlFor="title">Tittel</label>
      <input id="title" value={title} onChange={(e) => setTitle(e.target.value)} />
      <SimilarQuestions title={title} fetchSimilar={fetchSimilar} vote={vote} delay={400} />
    </MemoryRouter>
  );
}

function type(text: string) {
  fireEvent.change(screen.getByLabelText("Tittel"), { target: { value: text } });
}

describe("similar questions while typing a title", () => {
  beforeEach(() => {
    void i18n.changeLanguage("nb");
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits for a pause in the typing, then asks once with the latest title", async () => {
    const fetchSimilar = vi.fn<FetchSimilar>(async () => ITEMS);
    render(<Harness fetchSimilar={fetchSimilar} vote={vi.fn()} />);
    type("Hva");
    await act(() => vi.advanceTimersByTimeAsync(200));
    type("Hva kos");
    await act(() => vi.advanceTimersByTimeAsync(200));
    type("Hva koster");
    await act(() => vi.advanceTimersByTimeAsync(399));
    expect(fetchSimilar).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(fetchSimilar).toHaveBeenCalledTimes(1);
    expect(fetchSimilar.mock.calls[0]?.[0]).toBe("Hva koster");
  });

  it("announces how many similar questions there are, and links each one", async () => {
    const fetchSimilar = vi.fn<FetchSimilar>(async () => ITEMS);
    render(<Harness fetchSimilar={fetchSimilar} vote={vi.fn()} />);
    const live = screen.getByTestId("similar-announcement");
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(live).toHaveTextContent("");
    type("Hva koster det");
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(live).toHaveTextContent(t("knowledge.ask.similar.count", { count: 3 }));
    expect(live.textContent).toContain("3");
    expect(screen.getByRole("link", { name: "Er prosjektet fullfinansiert?" })).toHaveAttribute("href", "/questions/q1");
  });

  it("asks nothing for a title shorter than three letters, and clears the list", async () => {
    const fetchSimilar = vi.fn<FetchSimilar>(async () => ITEMS);
    render(<Harness fetchSimilar={fetchSimilar} vote={vi.fn()} />);
    type("Hva koster det");
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(screen.getByTestId("similar-questions")).toBeInTheDocument();
    type("Hv");
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(fetchSimilar).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("similar-questions")).toBeNull();
    expect(screen.getByTestId("similar-announcement")).toHaveTextContent("");
  });

  it("an answer that a newer keystroke made stale is ignored", async () => {
    let resolveFirst: (items: SimilarItem[]) => void = () => undefined;
    const fetchSimilar = vi.fn<FetchSimilar>((q) =>
      q === "Egenandel"
        ? new Promise<SimilarItem[]>((resolve) => {
            resolveFirst = resolve;
          })
        : Promise.resolve([ITEMS[0] as SimilarItem]),
    );
    render(<Harness fetchSimilar={fetchSimilar} vote={vi.fn()} />);
    type("Egenandel");
    await act(() => vi.advanceTimersByTimeAsync(400));
    type("Egenandel for kommunen");
    await act(() => vi.advanceTimersByTimeAsync(400));
    await act(async () => resolveFirst(ITEMS));
    expect(screen.getByTestId("similar-announcement")).toHaveTextContent(
      t("knowledge.ask.similar.count", { count: 1 }),
    );
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
  });

  it("'I wonder too' toggles the vote and shows the new count", async () => {
    const fetchSimilar = vi.fn<FetchSimilar>(async () => ITEMS);
    const vote = vi.fn<VoteSimilar>(async () => ({ vote_count: 5, i_voted: true }));
    render(<Harness fetchSimilar={fetchSimilar} vote={vote} />);
    type("Hva koster det");
    await act(() => vi.advanceTimersByTimeAsync(400));
    const button = screen.getByRole("button", {
      name: t("knowledge.votes.toggleFor", { title: "Er prosjektet fullfinansiert?" }),
    });
    expect(button).toHaveAttribute("aria-pressed", "false");
    await act(async () => {
      fireEvent.click(button);
    });
    expect(vote).toHaveBeenCalledWith("q1", true);
    expect(button).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText(t("knowledge.votes.count", { count: 5 }), { exact: false })).toBeInTheDocument();
  });
});
