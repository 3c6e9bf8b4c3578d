import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { ConnectionDto, TableDto } from "../../lib/backend";
import { ConnectionsPanel } from "./ConnectionsPanel";

const settings = { kind: "postgres" as const, host: "h", port: 5432, database: "d", user: "u", sslMode: "prefer" as const, allowWrites: false, schemas: [] };
const up: ConnectionDto = { id: 1, name: "Shop", identifier: "shop", settings, hasPassword: true, status: { state: "attached" } };
const down: ConnectionDto = {
  id: 2,
  name: "Legacy",
  identifier: "legacy",
  settings,
  hasPassword: true,
  status: { state: "failed", reason: "hostUnreachable", message: "cannot reach a PostgreSQL server at h:5432" },
};
const catalog: TableDto[] = [
  { database: "shop", schema: "public", name: "items", columns: [{ name: "id", dataType: "INTEGER" }] },
  { database: "shop", schema: "sales dept", name: "Order Items", columns: [{ name: "amount", dataType: "DECIMAL(10,2)" }] },
  { database: "qbox", schema: "main", name: "file_x", columns: [] },
];

describe("ConnectionsPanel", () => {
  it("lists connections with status, keeps failed ones with their reason, and browses schemas and tables", () => {
    const onInsert = vi.fn();
    const onToggle = vi.fn();
    const onEdit = vi.fn();
    render(
      <ConnectionsPanel
        connections={[up, down]}
        catalog={catalog}
        keychain={true}
        onNew={vi.fn()}
        onEdit={onEdit}
        onBrowse={vi.fn()}
        onPreview={vi.fn()}
        onInsert={onInsert}
        filter=""
        selected={new Set(["shop.public.items"])}
        onToggleSelect={onToggle}
      />,
    );
    expect(screen.getByText("cannot reach a PostgreSQL server at h:5432")).toBeInTheDocument();
    // The typed reason says what to fix, and leads to the form.
    fireEvent.click(screen.getByRole("button", { name: "Check host and port…" }));
    expect(onEdit).toHaveBeenCalledWith(down);
    fireEvent.click(screen.getAllByLabelText("Expand")[0] as HTMLElement);
    // public opens by default; other schemas on click.
    expect(screen.getByLabelText("Use shop.public.items in this query")).toBeChecked();
    fireEvent.click(screen.getByText("sales dept").previousSibling as HTMLElement);
    fireEvent.doubleClick(screen.getByText("Order Items"));
    expect(onInsert).toHaveBeenCalledWith('shop."sales dept"."Order Items"');
    fireEvent.click(screen.getByLabelText("Use shop.sales dept.Order Items in this query"));
    expect(onToggle).toHaveBeenCalledWith("shop.sales dept.Order Items");
  });

  it("lists an S3 connection's views and opens its bucket browser", () => {
    const bucket: ConnectionDto = {
      id: 3,
      name: "Lake",
      identifier: "lake",
      settings: { kind: "s3", bucket: "lake", region: "us-east-1", endpoint: null, pathStyle: false, useSsl: true, accessKeyId: "K", credentialChain: false },
      hasPassword: true,
      status: { state: "attached" },
    };
    const onBrowse = vi.fn();
    const onInsert = vi.fn();
    render(
      <ConnectionsPanel
        connections={[bucket]}
        catalog={[{ database: "qbox", schema: "lake", name: "sales_2024", columns: [] }, ...catalog]}
        keychain={true}
        onNew={vi.fn()}
        onEdit={vi.fn()}
        onBrowse={onBrowse}
        onPreview={vi.fn()}
        onInsert={onInsert}
        filter=""
      />,
    );
    fireEvent.click(screen.getByLabelText("Expand"));
    fireEvent.doubleClick(screen.getByText("sales_2024"));
    expect(onInsert).toHaveBeenCalledWith("lake.sales_2024");
    expect(screen.queryByText("items")).toBeNull();
    fireEvent.click(screen.getByLabelText("Browse Lake"));
    expect(onBrowse).toHaveBeenCalledWith(bucket);
  });

  it("filters tables by table or column name, and previews or summarizes a table", () => {
    const onPreview = vi.fn();
    render(
      <ConnectionsPanel
        connections={[up]}
        catalog={catalog}
        keychain={true}
        onNew={vi.fn()}
        onEdit={vi.fn()}
        onBrowse={vi.fn()}
        onPreview={onPreview}
        onInsert={vi.fn()}
        filter="AMOUNT"
      />,
    );
    // Matching by a column opens the connection and schema on its own.
    expect(screen.getByText("Order Items")).toBeInTheDocument();
    expect(screen.queryByText("items")).toBeNull();
    fireEvent.click(screen.getByLabelText("Preview shop.sales dept.Order Items"));
    expect(onPreview).toHaveBeenCalledWith({
      title: "shop.sales dept.Order Items: first 100 rows",
      sql: 'SELECT * FROM shop."sales dept"."Order Items" LIMIT 100',
    });
    fireEvent.click(screen.getByLabelText("Statistics of shop.sales dept.Order Items"));
    expect(onPreview).toHaveBeenLastCalledWith({
      title: "shop.sales dept.Order Items: column statistics",
      sql: 'SUMMARIZE shop."sales dept"."Order Items"',
    });
  });

  it("says when passwords cannot be kept beyond this session", () => {
    render(<ConnectionsPanel connections={[]} catalog={[]} keychain={false} onNew={vi.fn()} onEdit={vi.fn()} onBrowse={vi.fn()} onPreview={vi.fn()} onInsert={vi.fn()} filter="" />);
    expect(screen.getByText(/No keychain found/)).toBeInTheDocument();
    expect(screen.getByText(/No connections/)).toBeInTheDocument();
  });
});
