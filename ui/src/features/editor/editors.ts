// The open tabs' editors, by query id: each tab keeps its own editor (text, undo history,
// cursor), and the app reaches the one that shows through here.
import { useQueries } from "../../state/queries";
import type { EditorHandle } from "./SqlEditor";

class EditorRegistry {
  private readonly handles = new Map<number, EditorHandle>();

  set(id: number, handle: EditorHandle): void {
    this.handles.set(id, handle);
  }

  get(id: number): EditorHandle | undefined {
    return this.handles.get(id);
  }

  forget(id: number): void {
    this.handles.delete(id);
  }

  /** The editor of the query that shows. */
  current(): EditorHandle | undefined {
    const id = useQueries.getState().currentId;
    return id === null ? undefined : this.handles.get(id);
  }

  /** Inserts text at the cursor of the editor that shows. */
  insert(text: string): void {
    this.current()?.insert(text);
  }
}

export const editors = new EditorRegistry();
