// What the window's parts share: the autosaver, the tabs' life cycle, the run flow and opening
// files, made once by the app and handed down, and the open query as every part reads it.
import { createContext, useContext } from "react";

import type { ExplainMode } from "../features/editor/runTarget";
import { IDLE, useRuns, type RunState } from "../state/runs";
import type { Autosaver } from "../state/autosave";
import { useQueries } from "../state/queries";
import { useSettings } from "../state/settings";
import type { Tabs } from "../state/tabs";
import type { QueryDto } from "../lib/backend";

export type Notify = (tone: "info" | "error", text: string) => void;

export interface AppActions {
  autosave: Autosaver;
  tabs: Tabs;
  /** Runs the open query's target, its whole script, or shows a plan (see `useRunFlow`). */
  runNow: (all?: boolean, explain?: ExplainMode) => Promise<void>;
  openFiles: () => void;
  openFolder: () => void;
  notify: Notify;
}

const Context = createContext<AppActions | null>(null);
export const AppActionsProvider = Context.Provider;

export function useAppActions(): AppActions {
  const actions = useContext(Context);
  if (!actions) throw new Error("the app's actions are provided by App");
  return actions;
}

/** The query that shows, its run, and whether the assistant has a model to ask. */
export function useCurrent(): { id: number | null; query: QueryDto | null; run: RunState; aiReady: boolean } {
  const id = useQueries((q) => q.currentId);
  const query = useQueries((q) => q.queries.find((x) => x.id === q.currentId) ?? null);
  const run = useRuns((r) => (id !== null ? r.runs[id] : undefined)) ?? IDLE;
  const aiReady = useSettings((s) => (s.settings?.ai.model.trim() ?? "") !== "");
  return { id, query, run, aiReady };
}
