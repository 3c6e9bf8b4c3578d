import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { QueryDto } from "../../lib/backend";
import { QueryList } from "./QueryList";

const q = (id: number, name: string): QueryDto => ({
  id,
  name,
  sql: "",
  createdAt: "2026-11-26T00:00:00.000Z",
  updatedAt: "2026-11-26T00:00:00.000Z",
});

function setup(overrides: Partial<Parameters<typeof QueryList>[0]> = {}) {
  const props = {
    queries: [q(1, "Revenue"), q(2, "Churn 🚀")],
    currentId: 1,
    search: "",
    onSearch: vi.fn(),
    onNew: vi.fn(),
    onOpen: vi.fn(),
    onRename: vi.fn().mockResolvedValue(undefined),
    onDelete: vi.fn().mockResolvedValue(undefined),
    ...overrides,
  };
  render(<QueryList {...props} />);
  return props;
}

describe("QueryList", () => {
  it("opens, creates and searches", () => {
    const p = setup();
    fireEvent.click(screen.getByText("Churn 🚀"));
    expect(p.onOpen).toHaveBeenCalledWith(2);
    fireEvent.click(screen.getByLabelText("New query"));
    expect(p.onNew).toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText("Search queries"), { target: { value: "chu" } });
    expect(p.onSearch).toHaveBeenCalledWith("chu");
  });

  it("shows only names that match the search, ignoring case", () => {
    setup({ search: "CHU" });
    expect(screen.getByText("Churn 🚀")).toBeInTheDocument();
    expect(screen.queryByText("Revenue")).toBeNull();
  });

  it("a query just created starts with its name selected for renaming", () => {
    const p = setup({ renameId: 2 });
    const input = screen.getByLabelText("Query name");
    expect(input).toHaveValue("Churn 🚀");
    expect(input).toHaveFocus();
    fireEvent.change(input, { target: { value: "Churn by month" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(p.onRename).toHaveBeenCalledWith(2, "Churn by month");
  });

  it("says so when nothing matches", () => {
    setup({ search: "zzz" });
    expect(screen.getByText("No query matches.")).toBeInTheDocument();
  });

  it("renames on Enter; an empty name reverts", () => {
    const p = setup();
    fireEvent.click(screen.getByLabelText("Rename Revenue"));
    const input = screen.getByLabelText("Query name");
    fireEvent.change(input, { target: { value: "  " } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(p.onRename).not.toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText("Rename Revenue"));
    const again = screen.getByLabelText("Query name");
    fireEvent.change(again, { target: { value: "Revenue 2026" } });
    fireEvent.keyDown(again, { key: "Enter" });
    expect(p.onRename).toHaveBeenCalledWith(1, "Revenue 2026");
  });

  it("asks before deleting and says what goes and what stays", () => {
    const p = setup();
    fireEvent.click(screen.getByLabelText("Delete Revenue"));
    const dialog = screen.getByRole("dialog", { name: "Delete query" });
    expect(dialog).toHaveTextContent(/version history/);
    expect(dialog).toHaveTextContent(/Data sources and files stay/);
    fireEvent.click(screen.getByText("Cancel"));
    expect(p.onDelete).not.toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText("Delete Revenue"));
    fireEvent.click(screen.getByText("Delete"));
    expect(p.onDelete).toHaveBeenCalledWith(1);
  });
});
