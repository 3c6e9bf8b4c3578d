import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ConnectionDto } from "../../lib/backend";
import { renderWithReads as render } from "../../test/render";

import { fakeBackend as backend } from "../../test/fakeBackend";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { S3Browser } = await import("./S3Browser");

const lake: ConnectionDto = {
  id: 3,
  name: "Lake",
  identifier: "lake",
  settings: { kind: "s3", bucket: "lake", region: "us-east-1", endpoint: null, pathStyle: false, useSsl: true, accessKeyId: null, credentialChain: false },
  hasPassword: false,
  status: { state: "attached" },
};

describe("S3Browser", () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
  afterEach(() => vi.useRealTimers());

  it("walks folders, pages, searches, and adds picked objects or a whole folder", async () => {
    backend.browseS3.mockImplementation(async (_id: number, prefix: string, search: string | null, offset: number) => {
      if (search) return { entries: [{ type: "object", key: "logs/day-0199.csv" }], total: 1 };
      if (prefix === "") return { entries: [{ type: "folder", key: "logs/" }, { type: "object", key: "top.csv" }], total: 2 };
      return {
        entries: Array.from({ length: 100 }, (_, i) => ({ type: "object", key: `logs/day-${String(offset + i).padStart(4, "0")}.csv` })),
        total: 2000,
      };
    });
    const onAdded = vi.fn();
    render(<S3Browser connection={lake} onAdded={onAdded} onClose={vi.fn()} />);
    await act(async () => vi.advanceTimersByTimeAsync(200));
    expect(await screen.findByText("📁 logs/")).toBeInTheDocument();

    fireEvent.click(screen.getByText("📁 logs/"));
    await act(async () => vi.advanceTimersByTimeAsync(200));
    expect(await screen.findByText("1–100 of 2000")).toBeInTheDocument();
    fireEvent.click(screen.getByText("Next ›"));
    await act(async () => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(backend.browseS3).toHaveBeenLastCalledWith(3, "logs/", null, 100, 100));
    expect(screen.getByText("day-0100.csv")).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("Search keys"), { target: { value: "0199" } });
    await act(async () => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(backend.browseS3).toHaveBeenLastCalledWith(3, "logs/", "0199", 0, 100));
    fireEvent.click(screen.getByLabelText("Pick logs/day-0199.csv"));
    backend.addS3Objects.mockResolvedValueOnce([{ name: "lake.day_0199", columns: [] }]);
    await act(async () => fireEvent.click(screen.getByTestId("add-objects")));
    expect(backend.addS3Objects).toHaveBeenCalledWith(3, ["logs/day-0199.csv"], false, null);
    expect(onAdded).toHaveBeenCalledWith(["lake.day_0199"]);

    fireEvent.change(screen.getByLabelText("Folder format"), { target: { value: "csv" } });
    backend.addS3Objects.mockRejectedValueOnce(new Error("cannot read s3://lake/logs/ as csv: bad"));
    await act(async () => fireEvent.click(screen.getByTestId("add-folder")));
    expect(backend.addS3Objects).toHaveBeenLastCalledWith(3, ["logs/"], true, "csv");
    expect(screen.getByRole("alert")).toHaveTextContent("cannot read s3://lake/logs/ as csv");
  });

  it("adds a glob as one table", async () => {
    backend.browseS3.mockResolvedValue({ entries: [], total: 0 });
    backend.addS3Objects.mockResolvedValueOnce([{ name: "lake.logs", columns: [] }]);
    const onAdded = vi.fn();
    render(<S3Browser connection={lake} onAdded={onAdded} onClose={vi.fn()} />);
    expect(screen.getByTestId("add-glob")).toBeDisabled();
    fireEvent.change(screen.getByLabelText("Glob"), { target: { value: " logs/2024/*.parquet " } });
    await act(async () => fireEvent.click(screen.getByTestId("add-glob")));
    expect(backend.addS3Objects).toHaveBeenLastCalledWith(3, ["logs/2024/*.parquet"], true, null);
    expect(onAdded).toHaveBeenCalledWith(["lake.logs"]);
  });

  it("says when a folder is empty", async () => {
    backend.browseS3.mockResolvedValue({ entries: [], total: 0 });
    render(<S3Browser connection={lake} onAdded={vi.fn()} onClose={vi.fn()} />);
    await act(async () => vi.advanceTimersByTimeAsync(200));
    expect(await screen.findByText("This folder is empty.")).toBeInTheDocument();
  });
});
