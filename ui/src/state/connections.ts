// Connections (PostgreSQL, S3): the list with each one's status, and whether passwords can be
// kept in the OS keychain or only for this session.
import { create } from "zustand";

import { backend, type ConnectionDto, type ConnectionStatusDto } from "../lib/backend";

interface ConnectionsState {
  connections: ConnectionDto[];
  /** False when no keychain answered: passwords last until QBox quits. */
  keychain: boolean;
  load: () => Promise<void>;
  put: (c: ConnectionDto) => void;
  /** A status the backend announced (attaching runs in the background). */
  setStatus: (id: number, status: ConnectionStatusDto) => void;
  drop: (id: number) => void;
}

export const useConnections = create<ConnectionsState>((set) => ({
  connections: [],
  keychain: true,
  load: async () => {
    const [connections, info] = await Promise.all([backend.listConnections(), backend.appInfo()]);
    set({ connections, keychain: info.keychain });
  },
  put: (c) =>
    set((s) => ({
      connections: [...s.connections.filter((x) => x.id !== c.id), c].sort((a, b) => a.name.localeCompare(b.name)),
    })),
  setStatus: (id, status) =>
    set((s) => ({ connections: s.connections.map((c) => (c.id === id ? { ...c, status } : c)) })),
  drop: (id) => set((s) => ({ connections: s.connections.filter((x) => x.id !== id) })),
}));
