// Autosave. Every change is written through at once (one save in flight per query, the newest
// text wins), so a crash or kill loses nothing typed; a history version ("checkpoint") is made
// when typing pauses, and at once on run, tab switch, window blur and close.
import { useEffect, useMemo, useRef } from "react";

import { useQueries } from "./queries";
import { useSettings } from "./settings";

/** The pause before a checkpoint until the settings say otherwise. */
export const CHECKPOINT_AFTER_MS = 2000;

type Save = (id: number, sql: string, checkpoint: boolean) => Promise<void>;

export class Autosaver {
  private latest = new Map<number, string>();
  private checkpointed = new Map<number, string>();
  private pending = new Map<number, { sql: string; checkpoint: boolean }>();
  private inFlight = new Set<number>();
  private pauses = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly save: Save,
    private readonly onError: (e: unknown) => void,
    private pauseMs = CHECKPOINT_AFTER_MS,
  ) {}

  /** A new pause before a checkpoint (a setting), from the next change on. */
  setPause(ms: number): void {
    this.pauseMs = ms;
  }

  /** The editor of query `id` now holds `sql`. */
  change(id: number, sql: string): void {
    this.latest.set(id, sql);
    const prev = this.pending.get(id);
    this.pending.set(id, { sql, checkpoint: prev?.checkpoint ?? false });
    void this.pump(id);
    clearTimeout(this.pauses.get(id));
    this.pauses.set(
      id,
      setTimeout(() => this.checkpoint(id), this.pauseMs),
    );
  }

  /** Makes the newest text a history version, if it is not one already. */
  checkpoint(id: number): void {
    clearTimeout(this.pauses.get(id));
    this.pauses.delete(id);
    const sql = this.latest.get(id);
    if (sql === undefined || this.checkpointed.get(id) === sql) return;
    this.pending.set(id, { sql, checkpoint: true });
    void this.pump(id);
  }

  /** Checkpoints every query changed since its last version. */
  flush(): void {
    for (const id of this.latest.keys()) this.checkpoint(id);
  }

  /** The query is gone (deleted): nothing more to save for it. */
  discard(id: number): void {
    clearTimeout(this.pauses.get(id));
    this.pauses.delete(id);
    this.pending.delete(id);
    this.latest.delete(id);
    this.checkpointed.delete(id);
  }

  /** True while some text is not yet stored. */
  get busy(): boolean {
    return this.pending.size > 0 || this.inFlight.size > 0;
  }

  private async pump(id: number): Promise<void> {
    if (this.inFlight.has(id)) return; // the save in flight picks the newest text up next
    const next = this.pending.get(id);
    if (!next) return;
    this.pending.delete(id);
    this.inFlight.add(id);
    try {
      await this.save(id, next.sql, next.checkpoint);
      if (next.checkpoint) this.checkpointed.set(id, next.sql);
    } catch (e) {
      this.onError(e);
    } finally {
      this.inFlight.delete(id);
      if (this.pending.has(id)) void this.pump(id);
    }
  }
}

/** One autosaver for the app's lifetime, flushed on window blur and close. */
export function useAutosave(onError: (e: unknown) => void): Autosaver {
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const saver = useMemo(
    () => new Autosaver((id, sql, checkpoint) => useQueries.getState().save(id, sql, checkpoint), (e) => onErrorRef.current(e)),
    [],
  );
  const pause = useSettings((s) => s.settings?.checkpointPauseMs);
  useEffect(() => {
    if (pause !== undefined) saver.setPause(pause);
  }, [saver, pause]);
  useEffect(() => {
    const flush = () => saver.flush();
    window.addEventListener("blur", flush);
    window.addEventListener("beforeunload", flush);
    return () => {
      window.removeEventListener("blur", flush);
      window.removeEventListener("beforeunload", flush);
    };
  }, [saver]);
  return saver;
}
