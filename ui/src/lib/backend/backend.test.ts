import { Channel } from "@tauri-apps/api/core";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";

import { backend, BackendError, describeError, type RunEventDto } from "./index";

afterEach(() => clearMocks());

describe("backend module", () => {
  it("delivers the workspace's change events, typed", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const unlisten = await backend.onWorkspaceChanged((change) => seen.push(change));
    await emit("workspace-changed", { kind: "catalog" });
    await emit("workspace-changed", {
      kind: "connectionStatus",
      id: 3,
      status: { state: "failed", reason: "authFailed", message: "refused the login" },
    });
    unlisten();
    await emit("workspace-changed", { kind: "sources" });
    expect(seen).toEqual([
      { kind: "catalog" },
      { kind: "connectionStatus", id: 3, status: { state: "failed", reason: "authFailed", message: "refused the login" } },
    ]);
  });

  it("passes arguments by name, returns the command's data and hands on what its channel tells", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "run_query") {
        // The shell tells on the run's channel as the webview's IPC would deliver it.
        const channel = (args as { onEvent: Channel<unknown> }).onEvent;
        (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(channel.id, { message: { kind: "statementStarted", statement: 1, statements: 1 }, index: 0 });
        return { statements: [{ line: 1, kind: "select", rowsChanged: null }], result: null, elapsedMs: 3 };
      }
      return null;
    });
    const told: RunEventDto[] = [];
    const out = await backend.runQuery("run-1", "select 1", (e) => told.push(e));
    expect(out.elapsedMs).toBe(3);
    expect(calls).toEqual([{ cmd: "run_query", args: { runId: "run-1", sql: "select 1", onEvent: expect.any(Channel) } }]);
    expect(told).toEqual([{ kind: "statementStarted", statement: 1, statements: 1 }]);
  });

  it("turns a typed error into a BackendError the UI can branch on", async () => {
    mockIPC(() => {
      throw { kind: "Sql", data: { message: "Parser Error: syntax error at or near \"selec\"", line: 2, column: 1 } };
    });
    const err = await backend.runQuery("r", "selec").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    const e = err as BackendError;
    expect(e.error.kind).toBe("Sql");
    expect(e.message).toContain("syntax error");
    if (e.error.kind === "Sql") expect(e.error.data.line).toBe(2);
  });

  it("decodes result windows from Arrow IPC bytes", async () => {
    const table = tableFromArrays({ n: Int32Array.from([1, 2, 3]), s: ["a", "b", "c"] });
    const bytes = tableToIPC(table, "stream");
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    });
    const view = { sort: [{ column: 1, descending: true }], filters: [], search: null };
    const got = await backend.resultWindow(7, 100, 3, view);
    expect(seen).toEqual({ cmd: "result_window", args: { resultId: 7, offset: 100, limit: 3, view } });
    expect(got.numRows).toBe(3);
    expect(got.getChild("s")?.get(2)).toBe("c");
    expect(got.getChild("n")?.get(0)).toBe(1);
  });

  it("describes every error kind in words", () => {
    expect(describeError({ kind: "Cancelled" })).toMatch(/cancelled/i);
    expect(describeError({ kind: "File", data: { path: "/x.csv", message: "/x.csv is empty" } })).toBe("/x.csv is empty");
    expect(describeError({ kind: "Refused", data: "\"main\" is reserved" })).toContain("reserved");
  });
});
