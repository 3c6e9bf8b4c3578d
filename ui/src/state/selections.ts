// The tables each query works on (its selections), ticked in the sources tree and listed in
// the query's Tables panel.
import { create } from "zustand";

import { backend, type SelectionDto } from "../lib/backend";

interface SelectionsState {
  byQuery: Record<number, SelectionDto[]>;
  load: (queryId: number) => Promise<void>;
  /** Adds the table to the query, or removes it when it is already there. */
  toggle: (queryId: number, qualifiedName: string) => Promise<void>;
  remove: (queryId: number, selectionId: number) => Promise<void>;
}

export const useSelections = create<SelectionsState>((set, get) => ({
  byQuery: {},

  load: async (queryId) => {
    const list = await backend.querySelections(queryId);
    set((s) => ({ byQuery: { ...s.byQuery, [queryId]: list } }));
  },

  toggle: async (queryId, qualifiedName) => {
    const existing = (get().byQuery[queryId] ?? []).find((s) => s.qualifiedName === qualifiedName);
    if (existing) await backend.unselectTable(existing.id);
    else await backend.selectTable(queryId, qualifiedName);
    await get().load(queryId);
  },

  remove: async (queryId, selectionId) => {
    await backend.unselectTable(selectionId);
    await get().load(queryId);
  },
}));
