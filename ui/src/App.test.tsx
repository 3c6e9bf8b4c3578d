// The whole window on a typed fake backend: start-up reads, the event router, the read cache
// and the one-dialog state working together.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { QueryDto, WorkspaceChanged } from "./lib/backend";
import { fakeBackend as backend } from "./test/fakeBackend";
import { renderWithReads } from "./test/render";

vi.mock("./lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./lib/backend")>()),
  backend: (await import("./test/fakeBackend")).fakeBackend,
}));

const { App } = await import("./App");

const query: QueryDto = { id: 1, name: "Revenue", sql: "select 1", createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z" };

/** A workspace with one saved query and nothing else; returns how to send it a change. */
function workspace(): { change: (c: WorkspaceChanged) => void } {
  let router: (c: WorkspaceChanged) => void = () => undefined;
  const unlisten = () => Promise.resolve(() => undefined);
  backend.onWorkspaceChanged.mockImplementation((handler) => {
    router = handler;
    return Promise.resolve(() => undefined);
  });
  backend.onFilesAdded.mockImplementation(unlisten);
  backend.onFileDrop.mockImplementation(unlisten);
  backend.onMenuCommand.mockImplementation(unlisten);
  backend.takeStartupOutcomes.mockResolvedValue([]);
  backend.appInfo.mockResolvedValue({ version: "0.1.0", duckdbVersion: "v1.5.5", dataDir: "/data", keychain: true });
  backend.settings.mockResolvedValue({
    theme: "light",
    rowCap: 1_000_000,
    historySize: 50,
    checkpointPauseMs: 2000,
    ai: { preset: "custom", baseUrl: "", model: "", temperature: null, tools: true },
  });
  backend.paneSizes.mockResolvedValue({});
  backend.listQueries.mockResolvedValue([query]);
  backend.listConnections.mockResolvedValue([]);
  backend.listSources.mockResolvedValue([]);
  backend.catalog.mockResolvedValue([]);
  backend.saveOpenTabs.mockResolvedValue(undefined);
  backend.querySelections.mockResolvedValue([]);
  return { change: (c) => router(c) };
}

describe("App", () => {
  it("opens the saved tabs, reads a query's part again when the workspace says it changed, and shows one dialog at a time", async () => {
    const { change } = workspace();
    renderWithReads(<App initialTabs={{ ids: [1], active: 1 }} />);
    await waitFor(() => expect(document.querySelector('.editor-slot[data-query="1"]')).not.toBeNull());
    expect(screen.getByTestId("run")).toBeEnabled();

    // The Tables panel reads the query's selections, and again only when told.
    fireEvent.click(screen.getByTestId("details"));
    expect(await screen.findByTestId("tables-empty")).toBeInTheDocument();
    expect(backend.querySelections).toHaveBeenCalledTimes(1);
    backend.querySelections.mockResolvedValue([{ id: 7, qualifiedName: "file_sales", broken: false }]);
    await act(async () => change({ kind: "query", id: 1, part: "selections" }));
    expect(await screen.findByTestId("selection")).toHaveAttribute("data-name", "file_sales");

    // Ctrl+K opens the palette; asking for help from it replaces it with the shortcuts list.
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    expect(await screen.findByRole("dialog", { name: "Find an action" })).toBeInTheDocument();
    fireEvent.keyDown(window, { key: "F1" });
    expect(await screen.findByRole("dialog", { name: "Keyboard shortcuts" })).toBeInTheDocument();
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    // Escape closes it, and nothing is left holding the window's pointer (a modal layer makes
    // everything else unclickable while it stands).
    fireEvent.keyDown(document.activeElement ?? window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.body.style.pointerEvents).not.toBe("none");
  });
});
