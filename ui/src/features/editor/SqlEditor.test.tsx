import { act, render } from "@testing-library/react";
import { createRef } from "react";
import { describe, expect, it, vi } from "vitest";

import { undo } from "@codemirror/commands";
import { EditorView } from "@codemirror/view";

import { completionSchema, SqlEditor, type EditorHandle } from "./SqlEditor";

function mount(doc: string, extra: Partial<Parameters<typeof SqlEditor>[0]> = {}) {
  const ref = createRef<EditorHandle>();
  const utils = render(
    <SqlEditor
      ref={ref}
      initialDoc={doc}
      catalog={[]}
      onChange={() => undefined}
      onRun={() => undefined}
      onRunAll={() => undefined}
      onFormatError={() => undefined}
      onCancel={() => undefined}
      {...extra}
    />,
  );
  const content = utils.getByTestId("sql-editor");
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error("no editor view");
  return { ref, content, view };
}

function press(target: Element, init: KeyboardEventInit) {
  target.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init }));
}

describe("SqlEditor", () => {
  it("runs on Ctrl+Enter and cancels on Ctrl+.", () => {
    const onRun = vi.fn();
    const onCancel = vi.fn();
    const { getByTestId } = render(
      <SqlEditor initialDoc="select 1" catalog={[]} onChange={() => undefined} onRun={onRun} onRunAll={() => undefined} onFormatError={() => undefined} onCancel={onCancel} />,
    );
    const content = getByTestId("sql-editor");
    act(() => press(content, { key: "Enter", ctrlKey: true }));
    expect(onRun).toHaveBeenCalledTimes(1);
    act(() => press(content, { key: ".", ctrlKey: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("runs the whole script on Ctrl+Shift+Enter", () => {
    const onRun = vi.fn();
    const onRunAll = vi.fn();
    const { content } = mount("select 1; select 2", { onRun, onRunAll });
    act(() => press(content, { key: "Enter", ctrlKey: true, shiftKey: true }));
    expect(onRunAll).toHaveBeenCalledTimes(1);
    expect(onRun).not.toHaveBeenCalled();
  });

  it("formats the whole text as one change that undo takes back", () => {
    const { ref, view } = mount("select a, b from t where x = 1");
    act(() => ref.current?.format());
    expect(view.state.doc.toString()).toBe("SELECT\n  a,\n  b\nFROM\n  t\nWHERE\n  x = 1");
    act(() => {
      undo(view);
    });
    expect(view.state.doc.toString()).toBe("select a, b from t where x = 1");
  });

  it("formats only the selection, and reports what it cannot format", () => {
    const onFormatError = vi.fn();
    const { ref, view } = mount("-- keep me\nselect 1 as a, 2 as b", { onFormatError });
    act(() => view.dispatch({ selection: { anchor: 11, head: view.state.doc.length } }));
    act(() => ref.current?.format());
    expect(view.state.doc.toString()).toBe("-- keep me\nSELECT\n  1 AS a,\n  2 AS b");
    act(() => ref.current?.setDoc("select 'open"));
    act(() => view.dispatch({ selection: { anchor: 0 } }));
    act(() => ref.current?.format());
    expect(onFormatError).toHaveBeenCalledWith(expect.stringMatching(/^Cannot format this SQL/));
    expect(view.state.doc.toString()).toBe("select 'open");
  });

  it("replaces the text for a restore as an undoable change", () => {
    const onChange = vi.fn();
    const { ref, view } = mount("select 1", { onChange });
    act(() => ref.current?.setDoc("select 2"));
    expect(onChange).toHaveBeenLastCalledWith("select 2");
    act(() => {
      undo(view);
    });
    expect(view.state.doc.toString()).toBe("select 1");
  });

  it("exposes the document and selection for Run", () => {
    const ref = createRef<EditorHandle>();
    render(<SqlEditor ref={ref} initialDoc="select 42" catalog={[]} onChange={() => undefined} onRun={() => undefined} onRunAll={() => undefined} onFormatError={() => undefined} onCancel={() => undefined} />);
    expect(ref.current?.snapshot()).toEqual({ doc: "select 42", from: 0, to: 0 });
  });

  it("builds completion from the catalog, with schemas for attached sources", () => {
    const ns = completionSchema([
      { database: "qbox", schema: "main", name: "file_orders", columns: [{ name: "order_id", dataType: "BIGINT" }] },
      { database: "qbox", schema: "s3", name: "sales", columns: [{ name: "amount", dataType: "DOUBLE" }] },
      { database: "shop_db", schema: "public", name: "items", columns: [{ name: "id", dataType: "INTEGER" }] },
      { database: "shop_db", schema: "sales", name: "orders", columns: [{ name: "total", dataType: "DECIMAL(10,2)" }] },
    ]);
    expect(ns).toEqual({
      file_orders: ["order_id"],
      s3: { sales: ["amount"] },
      shop_db: { public: { items: ["id"] }, sales: { orders: ["total"] } },
    });
  });
});
