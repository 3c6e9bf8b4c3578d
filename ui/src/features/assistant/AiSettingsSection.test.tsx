import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { AiSettingsDto } from "../../lib/backend";

import { fakeBackend as backend } from "../../test/fakeBackend";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { BackendError } = await import("../../lib/backend");
const { AiSettingsSection } = await import("./AiSettingsSection");

const ollama: AiSettingsDto = { preset: "ollama", baseUrl: "http://localhost:11434/v1", model: "", temperature: 0.2, tools: true };

describe("AiSettingsSection", () => {
  it("fills the preset's address, keeps the key write-only, and tests with the typed key", async () => {
    backend.aiKeyOrigin.mockResolvedValue("http://localhost:11434");
    backend.testAi.mockRejectedValue(
      new BackendError({ kind: "Assistant", data: { problem: "unauthorized", message: "the provider refused the API key (HTTP 401): Incorrect API key" } }),
    );
    const onSave = vi.fn(async () => undefined);
    render(<AiSettingsSection settings={ollama} onSave={onSave} />);
    const key = (await screen.findByLabelText("API key")) as HTMLInputElement;
    await waitFor(() => expect(key.placeholder).toContain("leave blank to keep"));
    expect(key.value).toBe("");
    expect(key.type).toBe("password");
    expect(screen.getByTestId("ai-key-origin").textContent).toBe("The stored key is sent only to http://localhost:11434.");

    // Another provider: the stored key stays bound to its own address and asks to be typed.
    await userEvent.selectOptions(screen.getByLabelText("Provider"), "openRouter");
    expect(onSave).toHaveBeenLastCalledWith({ ...ollama, preset: "openRouter", baseUrl: "https://openrouter.ai/api/v1" });
    expect(key.placeholder).toBe("Type the key for this address");
    expect(screen.getByTestId("ai-key-origin").textContent).toContain("This address needs its key typed again.");

    await userEvent.type(key, "sk-new");
    await userEvent.click(screen.getByTestId("ai-test"));
    expect(backend.testAi).toHaveBeenCalledWith(expect.objectContaining({ preset: "openRouter" }), { action: "set", value: "sk-new" });
    expect((await screen.findByTestId("ai-test-result")).textContent).toContain("refused the API key (HTTP 401)");
    // The typed problem points at the key field and takes the focus there.
    expect(key).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Base URL")).not.toHaveAttribute("aria-invalid");
    await waitFor(() => expect(key).toHaveFocus());
    await userEvent.type(key, "x");
    expect(key).not.toHaveAttribute("aria-invalid");
  });

  it("reports what works, tool calls included", async () => {
    backend.aiKeyOrigin.mockResolvedValue(null);
    backend.testAi.mockResolvedValue({ models: ["a", "m"], modelListed: true, streaming: true, toolCalls: false, toolProblem: "the model answered with text instead of calling the tool" });
    render(<AiSettingsSection settings={{ ...ollama, model: "m" }} onSave={vi.fn(async () => undefined)} />);
    await userEvent.click(screen.getByTestId("ai-test"));
    const text = (await screen.findByTestId("ai-test-result")).textContent ?? "";
    expect(text).toContain("2 models, m among them");
    expect(text).toContain("tool calls ✗ (the model answered with text");
    expect(backend.testAi).toHaveBeenCalledWith(expect.objectContaining({ model: "m" }), { action: "keep" });
  });
});
