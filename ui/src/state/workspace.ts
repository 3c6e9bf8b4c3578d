// Workspace state: sources, the catalog used for completion, and user-facing notices.
import { create } from "zustand";

import { backend, describeError, BackendError, type AddFileOutcomeDto, type SourceDto, type TableDto } from "../lib/backend";

export interface Notice {
  id: number;
  tone: "info" | "error";
  text: string;
}

export interface PendingSheet {
  path: string;
  sheets: string[];
}

interface WorkspaceState {
  sources: SourceDto[];
  catalog: TableDto[];
  notices: Notice[];
  pendingSheets: PendingSheet[];
  busy: boolean;
  refresh: (recheck?: boolean) => Promise<void>;
  addPaths: (paths: string[]) => Promise<void>;
  chooseSheet: (path: string, sheet: string | null) => Promise<void>;
  rename: (id: number, name: string) => Promise<boolean>;
  remove: (id: number) => Promise<void>;
  report: (outcomes: AddFileOutcomeDto[]) => void;
  notify: (tone: Notice["tone"], text: string) => void;
  dismiss: (id: number) => void;
}

let nextNotice = 1;

function errorText(e: unknown): string {
  return e instanceof BackendError ? e.message : e instanceof Error ? e.message : String(e);
}

export const useWorkspace = create<WorkspaceState>((set, get) => ({
  sources: [],
  catalog: [],
  notices: [],
  pendingSheets: [],
  busy: false,

  refresh: async (recheck = false) => {
    try {
      const [sources, catalog] = await Promise.all([
        recheck ? backend.refreshSources() : backend.listSources(),
        backend.catalog(),
      ]);
      set({ sources, catalog });
    } catch (e) {
      get().notify("error", errorText(e));
    }
  },

  addPaths: async (paths) => {
    if (paths.length === 0) return;
    set({ busy: true });
    try {
      get().report(await backend.addFiles(paths));
    } catch (e) {
      get().notify("error", errorText(e));
    } finally {
      set({ busy: false });
      await get().refresh();
    }
  },

  chooseSheet: async (path, sheet) => {
    set((s) => ({ pendingSheets: s.pendingSheets.filter((p) => p.path !== path) }));
    if (sheet === null) return;
    try {
      get().report([await backend.addSheet(path, sheet)]);
    } catch (e) {
      get().notify("error", errorText(e));
    }
    await get().refresh();
  },

  rename: async (id, name) => {
    try {
      await backend.renameSource(id, name);
      await get().refresh();
      return true;
    } catch (e) {
      get().notify("error", errorText(e));
      return false;
    }
  },

  remove: async (id) => {
    try {
      await backend.removeSource(id);
    } catch (e) {
      get().notify("error", errorText(e));
    }
    await get().refresh();
  },

  report: (outcomes) => {
    for (const o of outcomes) {
      if (o.outcome === "added") {
        const name = o.source.viewName;
        get().notify(
          "info",
          o.renamedFrom ? `Added ${name} (${o.renamedFrom} was taken)` : `Added ${name}`,
        );
      } else if (o.outcome === "needsSheet") {
        set((s) => ({ pendingSheets: [...s.pendingSheets, { path: o.path, sheets: o.sheets }] }));
      } else {
        get().notify("error", describeError(o.error));
      }
    }
  },

  notify: (tone, text) => {
    const id = nextNotice++;
    set((s) => ({ notices: [...s.notices.slice(-4), { id, tone, text }] }));
    if (tone === "info") setTimeout(() => get().dismiss(id), 5000);
  },

  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
