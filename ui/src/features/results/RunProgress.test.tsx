import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { heard, NO_FEED, type RunFeed } from "../../state/runs";
import type { RunEventDto } from "../../lib/backend";
import { RunProgress } from "./RunProgress";

const told = (...events: RunEventDto[]): RunFeed => events.reduce(heard, NO_FEED);

describe("RunProgress", () => {
  it("shows the statement the run told, its share done and its rows per second", () => {
    const feed = told(
      { kind: "statementStarted", statement: 2, statements: 3 },
      { kind: "progress", progress: { statement: 2, statements: 3, fraction: 0.25, rowsProcessed: 2_500_000, totalRows: 10_000_000 }, rowsPerSecond: 500_000 },
    );
    render(<RunProgress feed={feed} />);
    const shown = screen.getByTestId("run-progress");
    expect(shown).toHaveTextContent("statement 2 of 3");
    expect(shown).toHaveTextContent("25%");
    expect(shown.querySelector("progress")).toHaveAttribute("value", "25");
    expect(screen.getByTestId("run-rate")).toHaveTextContent("500K rows/s");
  });

  it("shows no bar when DuckDB cannot tell, and a new statement forgets the last one's bar", () => {
    const feed = told(
      { kind: "statementStarted", statement: 1, statements: 2 },
      { kind: "progress", progress: { statement: 1, statements: 2, fraction: 0.5, rowsProcessed: 5, totalRows: 10 }, rowsPerSecond: null },
      { kind: "statementStarted", statement: 2, statements: 2 },
    );
    render(<RunProgress feed={feed} />);
    expect(screen.getByTestId("run-progress")).toHaveTextContent("statement 2 of 2");
    expect(screen.getByTestId("run-progress").querySelector("progress")).toBeNull();
    expect(screen.queryByTestId("run-rate")).toBeNull();
  });

  it("says nothing for a single statement that has not told its progress", () => {
    render(<RunProgress feed={told({ kind: "statementStarted", statement: 1, statements: 1 })} />);
    expect(screen.getByTestId("run-progress")).toBeEmptyDOMElement();
  });
});
