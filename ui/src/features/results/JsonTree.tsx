// A JSON value as a tree that folds: objects and arrays open two levels deep, each with its
// size; strings, numbers, booleans and null in their own colours. Rendered as text only.
import type { ReactNode } from "react";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Leaf({ value }: { value: Exclude<Json, Json[] | { [key: string]: Json }> }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === "string") return <span className="json-string">{JSON.stringify(value)}</span>;
  return <span className={typeof value === "number" ? "json-number" : "json-bool"}>{String(value)}</span>;
}

function Node({ label, value, depth }: { label: ReactNode; value: Json; depth: number }) {
  if (value === null || typeof value !== "object") {
    return (
      <div className="json-row">
        {label}
        <Leaf value={value} />
      </div>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="json-row">
        {label}
        {open}
        {close}
      </div>
    );
  }
  return (
    <details open={depth < 2} className="json-node">
      <summary>
        {label}
        {open}
        <span className="muted">
          {" "}
          {entries.length} {Array.isArray(value) ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys"}{" "}
        </span>
        {close}
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <Node key={k} label={<span className={Array.isArray(value) ? "json-index" : "json-key"}>{Array.isArray(value) ? `${k}: ` : `${JSON.stringify(k)}: `}</span>} value={v} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

/** Parses `text` as JSON; undefined when it is not JSON. */
export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export function JsonTree({ value }: { value: Json }) {
  return (
    <div className="json-tree" data-testid="json-tree">
      <Node label={null} value={value} depth={0} />
    </div>
  );
}
