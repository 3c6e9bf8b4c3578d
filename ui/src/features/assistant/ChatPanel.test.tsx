import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { ChatEventDto, ChatExchangeDto, ChatMessageDto, SuggestionDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { ChatPanel, activityOf } = await import("./ChatPanel");
const { readAgainFor } = await import("../../lib/reads");

const valid: SuggestionDto = {
  sql: "SELECT region FROM file_sales",
  proposed: "SELECT regoin FROM file_sales",
  check: { status: "valid", kind: "select", changesData: false, effects: [] },
  repairs: [{ error: 'Referenced column "regoin" not found', sql: "SELECT regoin FROM file_sales" }],
};
const refused: SuggestionDto = {
  sql: "SELECT * FROM nowhere",
  proposed: "SELECT * FROM nowhere",
  check: { status: "invalid", error: "Catalog Error: Table with name nowhere does not exist!" },
  repairs: [],
};
const writes: SuggestionDto = {
  sql: "DELETE FROM t",
  proposed: "DELETE FROM t",
  check: { status: "valid", kind: "delete", changesData: true, effects: ["deletes rows"] },
  repairs: [],
};
const outside: SuggestionDto = {
  sql: "SELECT * FROM postgres_execute('shop', 'DROP TABLE orders')",
  proposed: "SELECT * FROM postgres_execute('shop', 'DROP TABLE orders')",
  check: { status: "outside", effects: ["runs SQL on the PostgreSQL server of shop through postgres_execute, which can change its data"] },
  repairs: [],
};

function reply(id: number, over: Partial<ChatMessageDto> = {}): ChatMessageDto {
  return {
    id,
    role: "assistant",
    content: "",
    parts: [],
    suggestions: [],
    status: "complete",
    error: null,
    createdAt: "2026-12-03T08:00:00Z",
    requests: 1,
    ...over,
  };
}
const question = (id: number, content: string): ChatMessageDto => ({ ...reply(id), role: "user", content, parts: [{ kind: "text", text: content }], requests: 0 });

function renderPanel(onApply = vi.fn()) {
  const { reads } = renderWithReads(
    <ChatPanel queryId={1} ready editorSql={() => Promise.resolve("SELECT 1")} request={null} onApply={onApply} onOpenSettings={vi.fn()} onError={vi.fn()} />,
  );
  return { onApply, reads };
}

describe("ChatPanel", () => {
  it("streams deltas in order, can be stopped, and shows the stored reply", async () => {
    backend.chatMessages.mockResolvedValue([]);
    backend.chatSamplesAllowed.mockResolvedValue(false);
    let emit: (e: ChatEventDto) => void = () => undefined;
    let finish: (v: ChatExchangeDto) => void = () => undefined;
    backend.askAssistant.mockImplementation((_q, _t, _text, editorSql, onEvent) => {
      expect(editorSql).toBe("SELECT 1");
      emit = onEvent;
      return new Promise((r) => (finish = r));
    });
    const { reads } = renderPanel();
    await screen.findByText(/Ask for SQL about this query/);
    await userEvent.type(screen.getByTestId("chat-input"), "sales by region{Enter}");
    // The question, stored, is announced mid-turn: it shows once, not twice.
    backend.chatMessages.mockResolvedValue([question(1, "sales by region")]);
    await act(async () => {
      await readAgainFor({ kind: "query", id: 1, part: "chat" }, reads);
      await new Promise((r) => setTimeout(r, 20)); // the cache tells React on its next tick
    });
    expect(backend.chatMessages).toHaveBeenCalledTimes(2);
    expect(document.querySelectorAll(".chat-question")).toHaveLength(1);
    act(() => {
      emit({ kind: "delta", text: "Sales " });
      emit({ kind: "delta", text: "by **region**" });
    });
    expect(screen.getByTestId("chat-streaming").textContent).toContain("Sales by region");
    act(() => emit({ kind: "checking" }));
    expect(screen.getByTestId("chat-streaming").textContent).toContain("Checking the SQL with DuckDB");
    fireEvent.click(screen.getByTestId("chat-stop"));
    expect(backend.stopReply).toHaveBeenCalledTimes(1);
    await act(async () =>
      finish({
        question: question(1, "sales by region"),
        reply: reply(2, { content: "Sales by", parts: [{ kind: "text", text: "Sales by" }], status: "stopped" }),
      }),
    );
    expect(screen.queryByTestId("chat-streaming")).toBeNull();
    expect(screen.getByTestId("chat-reply").textContent).toContain("Stopped");
    expect(screen.getByTestId("chat-retry")).toBeTruthy();
  });

  it("shows each suggestion with DuckDB's verdict and applies only checked SQL", async () => {
    backend.chatMessages.mockResolvedValue([
      question(1, "q"),
      reply(2, {
        content: "x",
        parts: [
          { kind: "text", text: "Here <script>alert(1)</script> it is:" },
          { kind: "sql", index: 0 },
          { kind: "sql", index: 1 },
          { kind: "sql", index: 2 },
          { kind: "sql", index: 3 },
        ],
        suggestions: [valid, refused, writes, outside],
      }),
    ]);
    backend.chatSamplesAllowed.mockResolvedValue(false);
    const { onApply } = renderPanel();
    await waitFor(() => expect(screen.getAllByTestId("suggestion")).toHaveLength(4));
    const statuses = screen.getAllByTestId("suggestion-status").map((s) => s.textContent);
    expect(statuses[0]).toContain("Checked by DuckDB, after a repair");
    expect(statuses[1]).toContain("Table with name nowhere does not exist");
    expect(statuses[2]).toContain("it deletes rows: runs only after you confirm");
    expect(statuses[3]).toContain("Not checked: it runs SQL on the PostgreSQL server of shop");
    // A model's HTML is never markup.
    expect(document.querySelector("script")).toBeNull();
    const apply = screen.getAllByTestId("suggestion-apply") as HTMLButtonElement[];
    expect(apply.map((b) => b.disabled)).toEqual([false, true, false, false]);
    const first = apply[0];
    if (!first) throw new Error("no Apply button");
    fireEvent.click(first);
    expect(onApply).toHaveBeenCalledWith(valid, false);
  });

  it("says what a turn is doing besides writing", () => {
    expect(activityOf({ kind: "repairing", index: 0, round: 2 })).toBe(
      "DuckDB refused SQL block 1; asking the model to fix it (round 2 of 2)…",
    );
    expect(activityOf({ kind: "tool", summary: "describe_table file_sales" })).toBe("Looked up: describe_table file_sales");
    expect(activityOf({ kind: "delta", text: "x" })).toBeNull();
  });
});
