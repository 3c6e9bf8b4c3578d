import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { SuggestionDto } from "../../lib/backend";
import { ApplyDialog, applyTarget } from "./ApplyDialog";

const insert: SuggestionDto = {
  sql: "INSERT INTO notes VALUES (1)",
  proposed: "INSERT INTO notes VALUES (1)",
  check: { status: "valid", kind: "insert", changesData: true, effects: ["writes rows"] },
  repairs: [],
};

describe("applyTarget", () => {
  it("replaces the selection, or everything when nothing is selected", () => {
    expect(applyTarget({ doc: "SELECT 1;\nSELECT 2;", from: 10, to: 18 }, "SELECT 3")).toEqual({
      from: 10,
      to: 18,
      after: "SELECT 1;\nSELECT 3;",
    });
    expect(applyTarget({ doc: "old", from: 1, to: 1 }, "new")).toEqual({ from: 0, to: 3, after: "new" });
    expect(applyTarget({ doc: "abcdef", from: 4, to: 2 }, "X").after).toBe("abXef");
  });
});

describe("ApplyDialog", () => {
  it("runs a data-changing statement only after the user ticks that it may", () => {
    const onApply = vi.fn();
    render(<ApplyDialog suggestion={insert} run scope="all" snapshot={{ doc: "", from: 0, to: 0 }} onApply={onApply} onClose={vi.fn()} />);
    const run = screen.getByTestId("apply-run") as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    fireEvent.click(screen.getByTestId("apply-allow"));
    expect(run.disabled).toBe(false);
    fireEvent.click(run);
    expect(onApply).toHaveBeenCalledWith(0, 0, true);
  });

  it("runs a statement the check could not bind only after the user ticks that it may, saying what it reaches", () => {
    const onApply = vi.fn();
    const reads: SuggestionDto = {
      ...insert,
      sql: "SELECT * FROM read_csv('/home/me/.aws/credentials')",
      check: { status: "outside", effects: ["reads files or URLs ('/home/me/.aws/credentials') through read_csv"] },
    };
    render(<ApplyDialog suggestion={reads} run scope="all" snapshot={{ doc: "", from: 0, to: 0 }} onApply={onApply} onClose={vi.fn()} />);
    expect(screen.getByTestId("apply-run")).toBeDisabled();
    expect(screen.getByText(/did not check this statement: it reads files or URLs/)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("apply-allow"));
    fireEvent.click(screen.getByTestId("apply-run"));
    expect(onApply).toHaveBeenCalledWith(0, 0, true);
  });
});

describe("applyScope", () => {
  it("takes the selection, else the statement under the cursor in a script, else everything", async () => {
    const { applyScope } = await import("./applyScope");
    const spans = [
      { start: 0, end: 8 },
      { start: 10, end: 18 },
    ];
    const doc = "SELECT 1;\nSELECT 2;";
    expect(applyScope({ doc, from: 2, to: 5 }, spans)).toEqual({ scope: "selection", snapshot: { doc, from: 2, to: 5 } });
    expect(applyScope({ doc, from: 12, to: 12 }, spans)).toEqual({ scope: "statement", snapshot: { doc, from: 10, to: 18 } });
    expect(applyScope({ doc: "SELECT 1", from: 3, to: 3 }, [{ start: 0, end: 8 }]).scope).toBe("all");
    expect(applyScope({ doc: "", from: 0, to: 0 }, []).scope).toBe("all");
  });

  it("gives the assistant the selection, else the statement under the cursor, never the rest of the script", async () => {
    const { scopedSql } = await import("./applyScope");
    const doc = "CREATE SECRET s (TYPE s3, SECRET 'x');\nSELECT 2;";
    const spans = [
      { start: 0, end: 37 },
      { start: 39, end: 47 },
    ];
    expect(scopedSql({ doc, from: 43, to: 43 }, spans)).toBe("SELECT 2");
    expect(scopedSql({ doc, from: 39, to: 45 }, spans)).toBe("SELECT");
    expect(scopedSql({ doc: "SELECT 1", from: 2, to: 2 }, [{ start: 0, end: 8 }])).toBe("SELECT 1");
  });
});
