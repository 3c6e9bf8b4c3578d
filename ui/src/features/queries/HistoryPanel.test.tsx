import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { QueryDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { HistoryPanel } = await import("./HistoryPanel");

const query: QueryDto = { id: 9, name: "Revenue", sql: "select 3", createdAt: "", updatedAt: "2026-11-26T10:00:00.000Z" };
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe("HistoryPanel", () => {
  it("lists versions newest first, diffs the chosen one against the current SQL, and restores it", async () => {
    backend.queryVersions.mockResolvedValue([
      { id: 3, sql: "select 3", createdAt: ago(1) },
      { id: 2, sql: "select 2 -- middle", createdAt: ago(5) },
      { id: 1, sql: "select 1 -- first", createdAt: ago(90) },
    ]);
    const restored = { ...query, sql: "select 1 -- first", updatedAt: "2026-11-26T10:01:00.000Z" };
    backend.restoreVersion.mockResolvedValue(restored);
    const onRestored = vi.fn();
    renderWithReads(<HistoryPanel query={query} currentSql="select 3" onRestored={onRestored} onClose={vi.fn()} onError={vi.fn()} />);
    await screen.findByTestId("history-panel");
    await screen.findAllByText(/ago/);
    const versions = screen.getAllByRole("button").filter((b) => b.classList.contains("version"));
    expect(versions.map((b) => b.textContent)).toEqual(["Latest · 1 minute ago", "5 minutes ago", "1 hour ago"]);
    // The newest version that differs from the current SQL is chosen first.
    expect(screen.getByTestId("history-diff")).toHaveTextContent("select 2 -- middle");
    expect(screen.getByTestId("history-diff")).toHaveTextContent("select 3");

    fireEvent.click(versions[2] as HTMLElement);
    expect(screen.getByTestId("history-diff")).toHaveTextContent("select 1 -- first");
    await act(async () => fireEvent.click(screen.getByText("Restore this version")));
    expect(backend.restoreVersion).toHaveBeenCalledWith(9, 1);
    expect(onRestored).toHaveBeenCalledWith(restored);

    // The current text itself cannot be "restored".
    fireEvent.click(versions[0] as HTMLElement);
    expect(screen.getByText("Restore this version")).toBeDisabled();
  });

  it("reports a version that no longer exists", async () => {
    backend.queryVersions.mockResolvedValue([{ id: 1, sql: "select 1", createdAt: ago(2) }]);
    backend.restoreVersion.mockRejectedValue(new Error("version 1 of query 9 not found"));
    const onError = vi.fn();
    renderWithReads(<HistoryPanel query={query} currentSql="select 3" onRestored={vi.fn()} onClose={vi.fn()} onError={onError} />);
    await screen.findByTestId("history-panel");
    await screen.findAllByText(/ago/);
    await act(async () => fireEvent.click(screen.getByText("Restore this version")));
    expect(onError).toHaveBeenCalledWith("version 1 of query 9 not found");
  });

  it("is a dialog: it holds the focus and Escape closes it", async () => {
    backend.queryVersions.mockResolvedValue([{ id: 1, sql: "select 1", createdAt: ago(2) }]);
    const onClose = vi.fn();
    renderWithReads(<HistoryPanel query={query} currentSql="select 3" onRestored={vi.fn()} onClose={onClose} onError={vi.fn()} />);
    await screen.findByTestId("history-panel");
    await screen.findAllByText(/ago/);
    const dialog = screen.getByRole("dialog", { name: "History of Revenue" });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
