import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { TableDto } from "../../lib/backend";
import { LocalTables, localRelations } from "./LocalTables";

const table = (schema: string, name: string, database = "qbox"): TableDto => ({ database, schema, name, columns: [{ name: "a", dataType: "INTEGER" }] });

describe("LocalTables", () => {
  it("lists only what SQL made in the local database", () => {
    const catalog = [table("main", "file_people"), table("main", "totals"), table("shop_s3", "orders"), table("public", "users", "shop"), table("stage", "Raw Data")];
    const local = localRelations(catalog, new Set(["file_people"]), new Set(["shop_s3"]));
    expect(local.map((t) => `${t.schema}.${t.name}`)).toEqual(["main.totals", "stage.Raw Data"]);
  });

  it("drops a table only after the confirmation, and Keep keeps it", async () => {
    const onDrop = vi.fn().mockResolvedValue(undefined);
    render(<LocalTables tables={[table("main", "totals"), table("stage", "Raw Data")]} onInsert={vi.fn()} onDrop={onDrop} />);
    expect(screen.getAllByTestId("local-node").map((n) => n.dataset.name)).toEqual(["totals", 'stage."Raw Data"']);
    const asks = screen.getAllByTestId("drop-local-ask");
    await userEvent.click(asks[1] as HTMLElement);
    expect(screen.getByTestId("drop-local")).toHaveTextContent('Drop stage."Raw Data"?');
    await userEvent.click(screen.getByRole("button", { name: "Keep" }));
    expect(onDrop).not.toHaveBeenCalled();
    await userEvent.click(asks[1] as HTMLElement);
    await userEvent.click(screen.getByTestId("drop-local-confirm"));
    expect(onDrop).toHaveBeenCalledWith("stage", "Raw Data");
    await waitFor(() => expect(screen.queryByTestId("drop-local")).toBeNull());
  });
});
