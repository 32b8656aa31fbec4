import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { Snippet, decodeEntities, parseSnippet } from "./snippet";

describe("search snippets", () => {
  it("highlights the marked terms", () => {
    const { container } = render(<Snippet html="Hva koster <mark>kulturskolen</mark> for kommunen?" />);
    const marks = container.querySelectorAll("mark");
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe("kulturskolen");
    expect(container.textContent).toBe("Hva koster kulturskolen for kommunen?");
  });

  it("allows only <mark>: any other tag stays text", () => {
    const { container } = render(
      <Snippet html={'<b>fet</b> <img src=x onerror="alert(1)"> <script>alert(2)</script> <mark>treff</mark>'} />,
    );
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelectorAll("mark")).toHaveLength(1);
    expect(container.textContent).toContain("<img src=x");
  });

  it("escaped markup from the API stays visible text, never HTML", () => {
    const { container } = render(<Snippet html="&lt;script&gt;alert(1)&lt;/script&gt; og <mark>samarbeid</mark>" />);
    expect(container.querySelector("script")).toBeNull();
    expect(container.textContent).toBe("<script>alert(1)</script> og samarbeid");
  });

  it("a mark with attributes is not a mark", () => {
    const parts = parseSnippet('<mark onclick="x()">a</mark>b');
    expect(parts).toEqual([{ text: '<mark onclick="x()">ab', marked: false }]);
  });

  it("keeps neighbouring matches apart and decodes entities", () => {
    expect(parseSnippet("<mark>Bodø</mark> &amp; <mark>Asker</mark>")).toEqual([
      { text: "Bodø", marked: true },
      { text: " & ", marked: false },
      { text: "Asker", marked: true },
    ]);
    expect(decodeEntities("&#39;&#x27;&quot;&unknown;")).toBe("''\"&unknown;");
  });
});
