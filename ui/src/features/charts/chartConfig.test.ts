import { describe, expect, it } from "vitest";

import type { ChartDataDto, ColumnDto } from "../../lib/backend";
import { chartOption, chartSpec, defaultConfig, missing, valueLabel, type ChartConfig } from "./chartConfig";

const columns: ColumnDto[] = [
  { name: "category", dataType: "VARCHAR" },
  { name: "revenue", dataType: "DECIMAL(12,2)" },
  { name: "day", dataType: "DATE" },
  { name: "channel", dataType: "VARCHAR" },
];

const point = (x: string, value: number, series: string | null = null, xEnd: string | null = null, y: string | null = null) => ({ x, xEnd, y, series, value });

describe("chart config", () => {
  it("starts with a text column across and the first number up", () => {
    expect(defaultConfig(columns)).toEqual({ kind: "bar", x: 0, y: 1, aggregate: "sum", color: null });
    expect(defaultConfig([{ name: "d", dataType: "TIMESTAMP" }, { name: "n", dataType: "BIGINT" }]).kind).toBe("line");
    expect(defaultConfig([{ name: "n", dataType: "BIGINT" }])).toMatchObject({ kind: "histogram", y: null, aggregate: "count" });
  });

  it("asks the engine only for what the chart uses", () => {
    const bar: ChartConfig = { kind: "bar", x: 0, y: 1, aggregate: "avg", color: 3 };
    expect(chartSpec(bar)).toEqual({ kind: "bar", x: 0, y: 1, aggregate: "avg", color: 3 });
    expect(chartSpec({ ...bar, aggregate: "count" })).toEqual({ kind: "bar", x: 0, y: null, aggregate: "count", color: 3 });
    expect(chartSpec({ ...bar, kind: "histogram", x: 1 })).toEqual({ kind: "histogram", x: 1, y: null, aggregate: "count", color: null });
    expect(chartSpec({ ...bar, kind: "heatmap", y: 2, aggregate: "count" })).toEqual({ kind: "heatmap", x: 0, y: 2, aggregate: "count", color: null });
    // In a heatmap the colour picker's column is the measure its cells aggregate.
    const heat: ChartConfig = { kind: "heatmap", x: 0, y: 3, aggregate: "avg", color: 1 };
    expect(chartSpec(heat)).toEqual({ kind: "heatmap", x: 0, y: 3, aggregate: "avg", color: 1 });
    expect(valueLabel(heat, columns)).toBe("average of revenue");
    expect(valueLabel({ ...heat, aggregate: "count" }, columns)).toBe("rows");
    expect(valueLabel(bar, columns)).toBe("average of revenue");
    expect(valueLabel({ ...bar, aggregate: "count" }, columns)).toBe("rows");
  });

  it("says what is missing before asking", () => {
    expect(missing({ kind: "bar", x: 0, y: null, aggregate: "sum", color: null }, columns)).toBe("Choose the column to aggregate.");
    expect(missing({ kind: "scatter", x: 1, y: 0, aggregate: "count", color: null }, columns)).toBe("A scatter plot needs a number on the y axis.");
    expect(missing({ kind: "histogram", x: 0, y: null, aggregate: "count", color: null }, columns)).toBe("A histogram needs a number or time on the x axis.");
    expect(missing({ kind: "histogram", x: 2, y: null, aggregate: "count", color: null }, columns)).toBeNull();
    expect(missing({ kind: "heatmap", x: 0, y: 3, aggregate: "sum", color: null }, columns)).toBe("Choose the column to aggregate.");
    expect(missing({ kind: "heatmap", x: 0, y: 3, aggregate: "count", color: null }, columns)).toBeNull();
  });
});

describe("chart option", () => {
  it("lines series up on the same categories, leaving gaps where a series has none", () => {
    const data: ChartDataDto = { sql: "", binned: false, truncated: false, points: [point("a", 1, "web"), point("a", 2, "shop"), point("b", 3, "shop")] };
    const option = chartOption(data, { kind: "bar", x: 0, y: 1, aggregate: "sum", color: 3 }, columns, false) as {
      xAxis: { data: string[] };
      series: { name: string; type: string; data: (number | null)[] }[];
    };
    expect(option.xAxis.data).toEqual(["a", "b"]);
    expect(option.series).toMatchObject([
      { name: "web", type: "bar", data: [1, null] },
      { name: "shop", type: "bar", data: [2, 3] },
    ]);
  });

  it("labels histogram buckets by their bounds and draws heatmap cells by position", () => {
    const histogram = chartOption(
      { sql: "", binned: true, truncated: false, points: [point("0", 4, null, "10"), point("10", 6, null, "20")] },
      { kind: "histogram", x: 1, y: null, aggregate: "count", color: null },
      columns,
      false,
    ) as { xAxis: { data: string[] }; series: { type: string; data: number[] }[] };
    expect(histogram.xAxis.data).toEqual(["0 – 10", "10 – 20"]);
    expect(histogram.series[0]).toMatchObject({ type: "bar", data: [4, 6] });

    const heat = chartOption(
      { sql: "", binned: false, truncated: false, points: [point("a", 5, null, null, "x"), point("b", 7, null, null, "y")] },
      { kind: "heatmap", x: 0, y: 3, aggregate: "count", color: null },
      columns,
      true,
    ) as { series: { type: string; data: number[][] }[]; visualMap: { max: number } };
    expect(heat.series[0]?.data).toEqual([
      [0, 0, 5],
      [1, 1, 7],
    ]);
    expect(heat.visualMap.max).toBe(7);
  });
});
