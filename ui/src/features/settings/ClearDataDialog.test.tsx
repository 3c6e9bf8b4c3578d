import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend as backend } from "../../test/fakeBackend";

class BackendError extends Error {}
vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { ClearDataDialog } = await import("./ClearDataDialog");

describe("ClearDataDialog", () => {
  it("lists what goes and what stays, keeps everything on Escape, and clears on confirmation", async () => {
    backend.dataSummary.mockResolvedValue({ queries: 3, versions: 41, runs: 1, sources: 2, connections: 1, dataDir: "/data/qbox" });
    backend.clearAllData.mockResolvedValue(undefined);
    const onClose = vi.fn();
    render(<ClearDataDialog onClose={onClose} />);
    const goes = await screen.findByTestId("clear-goes");
    expect(goes).toHaveTextContent("3 saved queries with 41 history versions and 1 logged run");
    expect(goes).toHaveTextContent("2 registered files and folders");
    expect(goes).toHaveTextContent("1 connection with their passwords");
    expect(screen.getByText(/Stays: your own files/)).toHaveTextContent("/data/qbox");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();

    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(backend.clearAllData).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Clear all data" }));
    await expect.poll(() => backend.clearAllData.mock.calls.length).toBe(1);
  });

  it("says why when clearing fails, and clears nothing more", async () => {
    backend.dataSummary.mockResolvedValue({ queries: 0, versions: 0, runs: 0, sources: 0, connections: 0, dataDir: "/d" });
    backend.clearAllData.mockRejectedValue(new BackendError("the keychain is locked"));
    render(<ClearDataDialog onClose={vi.fn()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Clear all data" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("the keychain is locked");
    expect(screen.getByRole("button", { name: "Clear all data" })).toBeEnabled();
  });
});
