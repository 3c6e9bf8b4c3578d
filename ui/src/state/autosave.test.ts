import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { Autosaver } from "./autosave";

type Call = { id: number; sql: string; checkpoint: boolean };

/** A save that finishes only when the test says so, to see what happens while one is in flight. */
function controlledSave() {
  const calls: Call[] = [];
  const finishers: (() => void)[] = [];
  const save = vi.fn((id: number, sql: string, checkpoint: boolean) => {
    calls.push({ id, sql, checkpoint });
    return new Promise<void>((resolve) => finishers.push(resolve));
  });
  const finishAll = async () => {
    while (finishers.length > 0) {
      finishers.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { calls, save, finishAll };
}

describe("Autosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes every change through at once, one save in flight, the newest text next", async () => {
    const { calls, save, finishAll } = controlledSave();
    const a = new Autosaver(save, vi.fn(), 2000);
    a.change(1, "s");
    a.change(1, "se");
    a.change(1, "sel");
    // The first keystroke is stored at once; the ones typed meanwhile collapse into the newest.
    expect(calls).toEqual([{ id: 1, sql: "s", checkpoint: false }]);
    await finishAll();
    expect(calls.map((c) => c.sql)).toEqual(["s", "sel"]);
    expect(a.busy).toBe(false);
  });

  it("makes a history checkpoint when typing pauses, once per text", async () => {
    const { calls, save, finishAll } = controlledSave();
    const a = new Autosaver(save, vi.fn(), 2000);
    a.change(1, "select 1");
    await finishAll();
    vi.advanceTimersByTime(1999);
    expect(calls.filter((c) => c.checkpoint)).toEqual([]);
    vi.advanceTimersByTime(1);
    await finishAll();
    expect(calls.filter((c) => c.checkpoint)).toEqual([{ id: 1, sql: "select 1", checkpoint: true }]);
    a.flush();
    await finishAll();
    expect(calls.filter((c) => c.checkpoint)).toHaveLength(1);
  });

  it("flush checkpoints every query changed since its last version, and discard forgets one", async () => {
    const { calls, save, finishAll } = controlledSave();
    const a = new Autosaver(save, vi.fn(), 2000);
    a.change(1, "a");
    a.change(2, "b");
    a.change(3, "c");
    await finishAll();
    a.discard(3);
    a.flush();
    await finishAll();
    expect(calls.filter((c) => c.checkpoint).map((c) => [c.id, c.sql])).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    vi.advanceTimersByTime(5000);
    await finishAll();
    expect(calls.filter((c) => c.id === 3)).toHaveLength(1);
  });

  it("reports a failed save and keeps saving later changes", async () => {
    const onError = vi.fn();
    const save = vi.fn().mockRejectedValueOnce(new Error("disk full")).mockResolvedValue(undefined);
    const a = new Autosaver(save, onError, 2000);
    a.change(1, "x");
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    a.change(1, "xy");
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(1, "xy", false));
  });
});
