// A query tab's life, written once: opening, closing, creating, duplicating and deleting a query
// each save what was typed first, and closing or deleting one forgets its run and its editor.
import { useCallback, useMemo, useState } from "react";

import { editors } from "../features/editor/editors";
import { errorMessage } from "../lib/backend";
import type { Autosaver } from "./autosave";
import { useQueries } from "./queries";
import { useRuns } from "./runs";

type Notify = (tone: "info" | "error", text: string) => void;

export interface Tabs {
  open: (id: number) => void;
  close: (id: number) => void;
  create: () => void;
  duplicate: () => void;
  /** Deletes a query (its tab goes with it). */
  remove: (id: number) => Promise<void>;
  /** The next or previous open tab; false when there is no other. */
  step: (by: 1 | -1) => boolean;
  /** A query just created, whose name the list offers to edit. */
  createdId: number | null;
}

export function useTabs(autosave: Autosaver, notify: Notify): Tabs {
  const [createdId, setCreatedId] = useState<number | null>(null);
  const forgetRun = useRuns((r) => r.forget);

  const forget = useCallback(
    (id: number) => {
      forgetRun(id);
      editors.forget(id);
    },
    [forgetRun],
  );
  const open = useCallback(
    (id: number) => {
      autosave.flush();
      useQueries.getState().open(id);
    },
    [autosave],
  );
  const close = useCallback(
    (id: number) => {
      autosave.flush();
      forget(id);
      useQueries.getState().close(id);
    },
    [autosave, forget],
  );
  const create = useCallback(() => {
    autosave.flush();
    void useQueries
      .getState()
      .create()
      .then((q) => setCreatedId(q.id))
      .catch((e: unknown) => notify("error", errorMessage(e)));
  }, [autosave, notify]);
  const duplicate = useCallback(() => {
    const id = useQueries.getState().currentId;
    if (id === null) return;
    autosave.flush();
    void useQueries
      .getState()
      .duplicate(id)
      .then((q) => notify("info", `Opened “${q.name}”`))
      .catch((e: unknown) => notify("error", `Could not duplicate: ${errorMessage(e)}`));
  }, [autosave, notify]);
  const remove = useCallback(
    (id: number) => {
      autosave.discard(id);
      forget(id);
      return useQueries
        .getState()
        .remove(id)
        .catch((e: unknown) => notify("error", errorMessage(e)));
    },
    [autosave, forget, notify],
  );
  const step = useCallback((by: 1 | -1) => {
    const { currentId: id, openIds } = useQueries.getState();
    if (id === null || openIds.length < 2) return false;
    const next = openIds[(openIds.indexOf(id) + by + openIds.length) % openIds.length];
    if (next !== undefined) useQueries.getState().open(next);
    return true;
  }, []);

  return useMemo(
    () => ({ open, close, create, duplicate, remove, step, createdId }),
    [open, close, create, duplicate, remove, step, createdId],
  );
}
