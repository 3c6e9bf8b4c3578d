// Saved queries: the list (newest-edited first), the open one, and its autosave.
import { create } from "zustand";

import { backend, type QueryDto } from "../lib/backend";

interface QueriesState {
  queries: QueryDto[];
  currentId: number | null;
  search: string;
  load: (fallbackSql: string) => Promise<void>;
  setSearch: (search: string) => Promise<void>;
  create: () => Promise<QueryDto>;
  open: (id: number) => void;
  rename: (id: number, name: string) => Promise<void>;
  remove: (id: number) => Promise<void>;
  save: (id: number, sql: string) => Promise<void>;
}

function upsert(list: QueryDto[], q: QueryDto): QueryDto[] {
  return [q, ...list.filter((x) => x.id !== q.id)].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export const useQueries = create<QueriesState>((set, get) => ({
  queries: [],
  currentId: null,
  search: "",

  load: async (fallbackSql) => {
    let queries = await backend.listQueries(null);
    if (queries.length === 0) queries = [await backend.createQuery(null, fallbackSql)];
    set({ queries, currentId: get().currentId ?? queries[0]?.id ?? null });
  },

  setSearch: async (search) => {
    set({ search });
    set({ queries: await backend.listQueries(search.trim() === "" ? null : search) });
  },

  create: async () => {
    const q = await backend.createQuery(null, "");
    set((s) => ({ queries: upsert(s.queries, q), currentId: q.id }));
    return q;
  },

  open: (id) => set({ currentId: id }),

  rename: async (id, name) => {
    const q = await backend.renameQuery(id, name);
    set((s) => ({ queries: upsert(s.queries, q) }));
  },

  remove: async (id) => {
    await backend.deleteQuery(id);
    const queries = get().queries.filter((q) => q.id !== id);
    set({ queries, currentId: get().currentId === id ? (queries[0]?.id ?? null) : get().currentId });
  },

  save: async (id, sql) => {
    const q = await backend.saveQuerySql(id, sql);
    set((s) => ({ queries: s.queries.map((x) => (x.id === q.id ? q : x)) }));
  },
}));
