import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

const backend = vi.hoisted(() => ({ tableDetails: vi.fn() }));
vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend,
}));

const { TableColumns } = await import("./TableColumns");

describe("TableColumns", () => {
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
    const onInsert = vi.fn();
    await act(async () => {
      render(<TableColumns database="shop" schema="public" table="orders" onInsert={onInsert} />);
    });
    expect(backend.tableDetails).toHaveBeenCalledWith("shop", "public", "orders");
    expect(screen.getByText("table · ~1,234,567 rows")).toBeInTheDocument();
    expect(screen.getByTitle("Primary key")).toBeInTheDocument();
    expect(screen.getByTitle("References public.customers.id")).toBeInTheDocument();
    expect(screen.getByText("INTEGER not null")).toBeInTheDocument();
    expect(screen.getByTitle("numeric(10,2) in the source")).toHaveTextContent("DECIMAL(10,2)");
    fireEvent.doubleClick(screen.getByText("Customer Id"));
    expect(onInsert).toHaveBeenCalledWith('"Customer Id"');
  });

  it("shows why details could not be read", async () => {
    backend.tableDetails.mockRejectedValue(new Error("the connection Shop (shop) was lost"));
    await act(async () => {
      render(<TableColumns database="shop" schema="public" table="orders" onInsert={vi.fn()} />);
    });
    expect(screen.getByText(/was lost/)).toBeInTheDocument();
  });
});
