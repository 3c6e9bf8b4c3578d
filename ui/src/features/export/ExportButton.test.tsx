import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { ExportSummaryDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { BackendError } = await import("../../lib/backend");
const { ExportButton, exportFileName } = await import("./ExportButton");

describe("exportFileName", () => {
  it("keeps the query name but not what file systems refuse", () => {
    expect(exportFileName("Revenue by category", "csv")).toBe("Revenue by category.csv");
    expect(exportFileName('a/b\\c:d*"e"|<f>?\u0001', "parquet")).toBe("a b c d e f.parquet");
    expect(exportFileName("   ", "xlsx")).toBe("result.xlsx");
  });
});

describe("ExportButton", () => {
  it("asks for a path, shows progress with Cancel, and reports what was written", async () => {
    const notify = vi.fn();
    let progress: (f: number | null) => void = () => undefined;
    let finish: (v: ExportSummaryDto) => void = () => undefined;
    backend.pickSavePath.mockResolvedValue("/tmp/out.parquet");
    backend.exportResult.mockImplementation((_id, _result, _view, _path, _format, onProgress) => {
      progress = onProgress;
      return new Promise((resolve) => (finish = resolve));
    });
    render(<ExportButton resultId={7} view={{ sort: [{ column: 1, descending: true }], filters: [], search: null }} queryName="Revenue" rowCount={1234} onNotify={notify} />);
    // A menu opens from the pointer, as in the app, and its items are menu items.
    await userEvent.click(screen.getByTestId("export"));
    await userEvent.click(screen.getByRole("menuitem", { name: "Parquet" }));
    expect(backend.pickSavePath).toHaveBeenCalledWith("Revenue.parquet", "parquet");
    expect(backend.exportResult).toHaveBeenCalledWith(
      expect.any(String),
      7,
      { sort: [{ column: 1, descending: true }], filters: [], search: null },
      "/tmp/out.parquet",
      "parquet",
      expect.any(Function),
    );
    act(() => progress(0.42));
    expect(screen.getByTestId("export-progress")).toHaveTextContent("42%");
    fireEvent.click(screen.getByTestId("export-cancel"));
    expect(backend.cancelExport).toHaveBeenCalledWith(backend.exportResult.mock.calls[0]?.[0]);
    await act(async () => finish({ path: "/tmp/out.parquet", rows: 1234, bytes: 2048, elapsedMs: 5 }));
    expect(notify).toHaveBeenCalledWith("info", "Exported 1,234 rows to /tmp/out.parquet (2.0 kB)");
    expect(screen.getByTestId("export")).toBeInTheDocument();
  });

  it("does nothing when the save dialog is dismissed, and says a cancel wrote nothing", async () => {
    const notify = vi.fn();
    backend.exportResult.mockReset();
    backend.pickSavePath.mockResolvedValueOnce(null);
    render(<ExportButton resultId={1} view={{ sort: [], filters: [], search: null }} queryName="Q" rowCount={1} onNotify={notify} />);
    await userEvent.click(screen.getByTestId("export"));
    await userEvent.click(screen.getByRole("menuitem", { name: "CSV" }));
    expect(backend.exportResult).not.toHaveBeenCalled();

    backend.pickSavePath.mockResolvedValueOnce("/tmp/q.csv");
    backend.exportResult.mockRejectedValueOnce(new BackendError({ kind: "Cancelled" }));
    await userEvent.click(screen.getByTestId("export"));
    await userEvent.click(screen.getByRole("menuitem", { name: "CSV" }));
    expect(notify).toHaveBeenCalledWith("info", "Export cancelled; no file was written");

    backend.pickSavePath.mockResolvedValueOnce("/ro/q.csv");
    backend.exportResult.mockRejectedValueOnce(
      new BackendError({ kind: "File", data: { path: "/ro/q.csv", message: "the folder /ro is on a read-only disk" } }),
    );
    await userEvent.click(screen.getByTestId("export"));
    await userEvent.click(screen.getByRole("menuitem", { name: "CSV" }));
    expect(notify).toHaveBeenCalledWith("error", "Export failed: the folder /ro is on a read-only disk");
  });
});
