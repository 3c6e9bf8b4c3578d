import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { TableColumns } = await import("./TableColumns");
const { Node, Tree } = await import("../../components/ui/Tree");

/** The table's row in a tree, opened: its columns are the rows under it. */
async function opened(onInsert = vi.fn()) {
  renderWithReads(
    <Tree label="Tables">
      <Node id="t" text="orders" row={<span>orders</span>}>
        <TableColumns database="shop" schema="public" table="orders" onInsert={onInsert} />
      </Node>
    </Tree>,
  );
  fireEvent.click(screen.getByLabelText("Expand"));
  return onInsert;
}

describe("TableColumns", () => {
  it("reads nothing until its table is opened", () => {
    backend.tableDetails.mockReset();
    renderWithReads(
      <Tree label="Tables">
        <Node id="t" text="orders" row={<span>orders</span>}>
          <TableColumns database="shop" schema="public" table="orders" onInsert={vi.fn()} />
        </Node>
      </Tree>,
    );
    expect(screen.getByLabelText("Expand")).toBeInTheDocument();
    expect(backend.tableDetails).not.toHaveBeenCalled();
  });

  it("shows kind, estimated rows, keys, nullability and source types from the source's metadata", async () => {
    backend.tableDetails.mockResolvedValue({
      kind: "table",
      estimatedRows: 1234567,
      columns: [
        { name: "id", dataType: "INTEGER", sourceType: "integer", nullable: false, primaryKey: true, references: null },
        { name: "Customer Id", dataType: "INTEGER", sourceType: "integer", nullable: true, primaryKey: false, references: "public.customers.id" },
        { name: "amount", dataType: "DECIMAL(10,2)", sourceType: "numeric(10,2)", nullable: true, primaryKey: false, references: null },
      ],
    });
    const onInsert = await opened();
    expect(await screen.findByText("table · ~1,234,567 rows")).toBeInTheDocument();
    expect(backend.tableDetails).toHaveBeenCalledWith("shop", "public", "orders");
    expect(screen.getByTitle("Primary key")).toBeInTheDocument();
    expect(screen.getByTitle("References public.customers.id")).toBeInTheDocument();
    expect(screen.getByText("INTEGER not null")).toBeInTheDocument();
    expect(screen.getByTitle("numeric(10,2) in the source")).toHaveTextContent("DECIMAL(10,2)");
    fireEvent.doubleClick(screen.getByText("Customer Id"));
    expect(onInsert).toHaveBeenCalledWith('"Customer Id"');
  });

  it("shows why details could not be read", async () => {
    backend.tableDetails.mockRejectedValue(new Error("the connection Shop (shop) was lost"));
    await opened();
    expect(await screen.findByText(/was lost/)).toBeInTheDocument();
  });
});
