import { describe, expect, it } from "vitest";

import { formatSql } from "./formatSql";

describe("formatSql", () => {
  it("lays DuckDB SQL out with upper-case keywords and keeps names, functions and strings", () => {
    const out = formatSql(`select "Order Date", sum(amount) as total from file_sales where note = 'it''s' group by all`);
    expect(out).toBe(
      [
        "SELECT",
        '  "Order Date",',
        "  sum(amount) AS total",
        "FROM",
        "  file_sales",
        "WHERE",
        "  note = 'it''s'",
        "GROUP BY ALL",
      ].join("\n"),
    );
  });

  it("refuses text it cannot read instead of mangling it", () => {
    expect(() => formatSql("select 'unterminated")).toThrow();
  });
});
