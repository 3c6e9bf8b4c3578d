// What the window shows besides the workbench: at most one dialog at a time (a discriminated
// state, so two cannot fight over the focus), and the side panes that open beside it.
import { create } from "zustand";

import type { ApplyScope, EditorSnapshot } from "../features/assistant/ApplyDialog";
import type { ChatRequest } from "../features/assistant/ChatPanel";
import type { PreviewRequest } from "../features/catalog/PreviewModal";
import type { ConnectionDto, SuggestionDto } from "../lib/backend";

/** A suggestion on its way into the editor, with the text it replaces. */
export interface Applying {
  queryId: number;
  suggestion: SuggestionDto;
  run: boolean;
  snapshot: EditorSnapshot;
  scope: ApplyScope;
}

export type Dialog =
  | { kind: "none" }
  | { kind: "history" }
  | { kind: "help" }
  | { kind: "palette" }
  | { kind: "settings" }
  | { kind: "connection"; connection: ConnectionDto | "new" }
  | { kind: "s3"; connection: ConnectionDto }
  | { kind: "preview"; request: PreviewRequest }
  | { kind: "apply"; applying: Applying };

interface UiState {
  dialog: Dialog;
  show: (dialog: Dialog) => void;
  close: () => void;
  /** The query's Tables & runs panel. */
  detailsOpen: boolean;
  setDetailsOpen: (open: boolean) => void;
  /** The assistant's pane: closed until asked for, so small windows keep their room. */
  chatOpen: boolean;
  setChatOpen: (open: boolean) => void;
  /** A question asked on the user's behalf (Explain, Fix with AI). */
  chatRequest: ChatRequest | null;
  ask: (text: string) => void;
}

export const NO_DIALOG: Dialog = { kind: "none" };

export const useUi = create<UiState>((set) => ({
  dialog: NO_DIALOG,
  show: (dialog) => set({ dialog }),
  close: () => set({ dialog: NO_DIALOG }),
  detailsOpen: false,
  setDetailsOpen: (detailsOpen) => set({ detailsOpen }),
  chatOpen: false,
  setChatOpen: (chatOpen) => set({ chatOpen }),
  chatRequest: null,
  ask: (text) => set({ chatOpen: true, chatRequest: { id: Date.now(), text } }),
}));
