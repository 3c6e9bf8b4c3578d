// Workspace state: sources, the catalog used for completion, and user-facing notices. Sources
// and catalog are read again when the backend announces that they changed (`follow`), never
// after each action, and a burst of announcements reads each at most once more.
import { create } from "zustand";

import {
  backend,
  errorMessage,
  describeError,
  type AddFileOutcomeDto,
  type SourceDto,
  type TableDto,
  type TextEncodingDto,
  type WorkspaceChanged,
} from "../lib/backend";
import { encodingLabel } from "../lib/encodings";
import { notify, type Tone } from "../components/ui/Notices";
import { coalesce } from "../lib/coalesce";

export interface PendingSheet {
  path: string;
  sheets: string[];
}

interface WorkspaceState {
  sources: SourceDto[];
  catalog: TableDto[];
  pendingSheets: PendingSheet[];
  busy: boolean;
  /** Reads sources and catalog; with `recheck`, every file is checked again first. */
  refresh: (recheck?: boolean) => Promise<void>;
  loadSources: () => Promise<void>;
  loadCatalog: () => Promise<void>;
  /** Applies one announced change. */
  changed: (change: WorkspaceChanged) => void;
  addPaths: (paths: string[]) => Promise<void>;
  chooseSheet: (path: string, sheet: string | null) => Promise<void>;
  rename: (id: number, name: string) => Promise<boolean>;
  /** Reads a CSV or TSV source with another text encoding; says what went wrong if it does not read. */
  setEncoding: (id: number, encoding: TextEncodingDto) => Promise<void>;
  remove: (id: number) => Promise<void>;
  report: (outcomes: AddFileOutcomeDto[]) => void;
  notify: (tone: Tone, text: string) => void;
}

export const useWorkspace = create<WorkspaceState>((set, get) => {
  const loadSources = coalesce(async () => {
    try {
      set({ sources: await backend.listSources() });
    } catch (e) {
      get().notify("error", errorMessage(e));
    }
  });
  const loadCatalog = coalesce(async () => {
    try {
      set({ catalog: await backend.catalog() });
    } catch (e) {
      get().notify("error", errorMessage(e));
    }
  });
  return {
  sources: [],
  catalog: [],
  pendingSheets: [],
  busy: false,
  loadSources,
  loadCatalog,

  refresh: async (recheck = false) => {
    if (recheck) {
      // The backend announces what the check changed; its answer is the sources as they are.
      try {
        set({ sources: await backend.refreshSources() });
      } catch (e) {
        get().notify("error", errorMessage(e));
      }
      return;
    }
    await Promise.all([loadSources(), loadCatalog()]);
  },

  changed: (change) => {
    if (change.kind === "sources" || change.kind === "everything") void loadSources();
    if (change.kind === "catalog" || change.kind === "everything") void loadCatalog();
  },

  addPaths: async (paths) => {
    if (paths.length === 0) return;
    set({ busy: true });
    try {
      get().report(await backend.addFiles(paths));
    } catch (e) {
      get().notify("error", errorMessage(e));
    } finally {
      set({ busy: false });
    }
  },

  chooseSheet: async (path, sheet) => {
    set((s) => ({ pendingSheets: s.pendingSheets.filter((p) => p.path !== path) }));
    if (sheet === null) return;
    try {
      get().report([await backend.addSheet(path, sheet)]);
    } catch (e) {
      get().notify("error", errorMessage(e));
    }
  },

  rename: async (id, name) => {
    try {
      await backend.renameSource(id, name);
      return true;
    } catch (e) {
      get().notify("error", errorMessage(e));
      return false;
    }
  },

  setEncoding: async (id, encoding) => {
    try {
      const source = await backend.setSourceEncoding(id, encoding);
      get().notify("info", `${source.viewName} is read as ${encodingLabel(encoding)}`);
    } catch (e) {
      get().notify("error", errorMessage(e));
    }
  },

  remove: async (id) => {
    try {
      await backend.removeSource(id);
    } catch (e) {
      get().notify("error", errorMessage(e));
    }
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

  notify,
  };
});
