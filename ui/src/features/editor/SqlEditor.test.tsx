import { act, render } from "@testing-library/react";
import { createRef } from "react";
import { describe, expect, it, vi } from "vitest";

import { completionSchema, SqlEditor, type EditorHandle } from "./SqlEditor";

function press(target: Element, init: KeyboardEventInit) {
  target.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init }));
}

describe("SqlEditor", () => {
  it("runs on Ctrl+Enter and cancels on Ctrl+.", () => {
    const onRun = vi.fn();
    const onCancel = vi.fn();
    const { getByTestId } = render(
      <SqlEditor initialDoc="select 1" catalog={[]} onChange={() => undefined} onRun={onRun} onFormatError={() => undefined} onCancel={onCancel} />,
    );
    const content = getByTestId("sql-editor");
    act(() => press(content, { key: "Enter", ctrlKey: true }));
    expect(onRun).toHaveBeenCalledTimes(1);
    act(() => press(content, { key: ".", ctrlKey: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("exposes the document and selection for Run", () => {
    const ref = createRef<EditorHandle>();
    render(<SqlEditor ref={ref} initialDoc="select 42" catalog={[]} onChange={() => undefined} onRun={() => undefined} onFormatError={() => undefined} onCancel={() => undefined} />);
    expect(ref.current?.snapshot()).toEqual({ doc: "select 42", from: 0, to: 0 });
  });

  it("builds completion from the catalog, with schemas for attached sources", () => {
    const ns = completionSchema([
      { schema: "main", name: "file_orders", columns: [{ name: "order_id", dataType: "BIGINT" }] },
      { schema: "s3", name: "sales", columns: [{ name: "amount", dataType: "DOUBLE" }] },
    ]);
    expect(ns).toEqual({ file_orders: ["order_id"], s3: { sales: ["amount"] } });
  });
});
