import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { SettingsDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";

const defaults: SettingsDto = {
  theme: "system",
  rowCap: 10_000_000,
  historySize: 50,
  checkpointPauseMs: 2000,
  ai: { preset: "ollama", baseUrl: "http://localhost:11434/v1", model: "", temperature: 0.2, tools: true },
};
class BackendError extends Error {}

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { SettingsDialog } = await import("./SettingsDialog");
const { useSettings } = await import("../../state/settings");
const { dialogOwns } = await import("../../components/ui/Dialog");

describe("SettingsDialog", () => {
  it("stores each change, shows a refusal, and closes on Escape", async () => {
    useSettings.setState({ settings: defaults });
    backend.aiKeyOrigin.mockResolvedValue(null);
    backend.updateSettings.mockImplementation(async (s: SettingsDto) => {
      if (s.historySize < 1) throw new BackendError("the history size must be between 1 and 10000 (got 0)");
      return s;
    });
    const onClose = vi.fn();
    const onOpen = vi.fn();
    render(<SettingsDialog dataDir="/home/me/.local/share/qbox" onOpenDataDir={onOpen} onClose={onClose} />);
    expect(dialogOwns(new KeyboardEvent("keydown", { key: "Escape" }))).toBe(true);
    expect(screen.getByRole("dialog", { name: "Settings" })).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "dark" } });
    await expect.poll(() => useSettings.getState().settings?.theme).toBe("dark");
    expect(backend.updateSettings).toHaveBeenLastCalledWith({ ...defaults, theme: "dark" });

    const history = screen.getByLabelText("History versions per query");
    await userEvent.clear(history);
    await userEvent.type(history, "0{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("between 1 and 10000");
    expect(useSettings.getState().settings?.historySize).toBe(50);

    await userEvent.clear(history);
    await userEvent.type(history, "7{Enter}");
    await expect.poll(() => useSettings.getState().settings?.historySize).toBe(7);

    fireEvent.click(screen.getByRole("button", { name: "Open folder" }));
    expect(onOpen).toHaveBeenCalled();
    expect(screen.getByTestId("data-dir")).toHaveTextContent("/home/me/.local/share/qbox");

    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });
});
