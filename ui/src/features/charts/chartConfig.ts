// The chart a user picks (kind, x, y, aggregate, colour) as the engine's chart request, and the
// engine's marks as an ECharts option. Pure: no React, no DOM.
import type { EChartsCoreOption } from "echarts/core";

import type { ChartDataDto, ChartSpecDto, ColumnDto } from "../../lib/backend";
import { typeKind } from "../results/gridColumns";

export type ChartKind = ChartSpecDto["kind"];
export type Aggregate = ChartSpecDto["aggregate"];

export interface ChartConfig {
  kind: ChartKind;
  x: number;
  /** The measure (bar, line, area, scatter) or the second dimension (heatmap); null counts rows. */
  y: number | null;
  aggregate: Aggregate;
  /** The column that splits marks into series, or in a heatmap the measure its cells aggregate. */
  color: number | null;
}

export const KINDS: { kind: ChartKind; label: string }[] = [
  { kind: "bar", label: "Bar" },
  { kind: "line", label: "Line" },
  { kind: "area", label: "Area" },
  { kind: "scatter", label: "Scatter" },
  { kind: "histogram", label: "Histogram" },
  { kind: "heatmap", label: "Heatmap" },
];

export const AGGREGATES: { aggregate: Aggregate; label: string }[] = [
  { aggregate: "count", label: "count of rows" },
  { aggregate: "sum", label: "sum" },
  { aggregate: "avg", label: "average" },
  { aggregate: "min", label: "minimum" },
  { aggregate: "max", label: "maximum" },
  { aggregate: "countDistinct", label: "distinct values" },
];

const isNumber = (c: ColumnDto | undefined) => c !== undefined && typeKind(c.dataType) === "number";
const isTime = (c: ColumnDto | undefined) => c !== undefined && typeKind(c.dataType) === "date";

/** What identifies a result's shape: a chart chosen for it fits any result with these columns. */
export function columnsKey(columns: ColumnDto[]): string {
  return JSON.stringify(columns.map((c) => [c.name, c.dataType]));
}

/** A first chart for a result: a text or time column across, the first number up. */
export function defaultConfig(columns: ColumnDto[]): ChartConfig {
  const firstNumber = columns.findIndex(isNumber);
  const across = columns.findIndex((c) => !isNumber(c));
  const x = across >= 0 ? across : 0;
  const y = firstNumber >= 0 && firstNumber !== x ? firstNumber : null;
  return {
    kind: isTime(columns[x]) ? "line" : across < 0 ? "histogram" : "bar",
    x,
    y,
    aggregate: y === null ? "count" : "sum",
    color: null,
  };
}

/** What the chart needs that is not chosen yet, or null when it can be drawn. */
export function missing(config: ChartConfig, columns: ColumnDto[]): string | null {
  const needsY = config.kind === "scatter" || config.kind === "heatmap" || (config.aggregate !== "count" && config.kind !== "histogram");
  if (needsY && config.y === null) return config.kind === "heatmap" ? "Choose a column for the y axis." : "Choose the column to aggregate.";
  if (config.kind === "heatmap" && config.aggregate !== "count" && config.color === null) return "Choose the column to aggregate.";
  if (config.kind === "scatter" && config.y !== null && !isNumber(columns[config.y])) return "A scatter plot needs a number on the y axis.";
  if (config.kind === "histogram" && !isNumber(columns[config.x]) && !isTime(columns[config.x])) return "A histogram needs a number or time on the x axis.";
  return null;
}

/** The engine's chart request for a config. */
export function chartSpec(config: ChartConfig): ChartSpecDto {
  if (config.kind === "heatmap") {
    // A heatmap's cells count rows, or aggregate the measure chosen in `color`.
    const measured = config.aggregate !== "count" && config.color !== null;
    return { kind: "heatmap", x: config.x, y: config.y, aggregate: measured ? config.aggregate : "count", color: measured ? config.color : null };
  }
  const countsRows = config.kind === "histogram" || (config.aggregate === "count" && config.kind !== "scatter");
  return {
    kind: config.kind,
    x: config.x,
    y: countsRows ? null : config.y,
    aggregate: config.kind === "histogram" ? "count" : config.aggregate,
    color: config.kind === "histogram" ? null : config.color,
  };
}

/** The y axis's name: what the value of a mark is. */
export function valueLabel(config: ChartConfig, columns: ColumnDto[]): string {
  const spec = chartSpec(config);
  if (spec.kind === "scatter") return columns[config.y ?? 0]?.name ?? "";
  const measure = spec.kind === "heatmap" ? spec.color : spec.y;
  if (spec.aggregate === "count" || measure === null || measure === undefined) return "rows";
  const label = AGGREGATES.find((a) => a.aggregate === spec.aggregate)?.label ?? spec.aggregate;
  return `${label} of ${columns[measure]?.name ?? ""}`;
}

function unique(values: (string | null)[]): string[] {
  const seen = new Set<string>();
  for (const v of values) seen.add(v ?? "NULL");
  return [...seen];
}

const PALETTE = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#f97316", "#64748b"];

/** The ECharts option that draws the engine's marks. */
export function chartOption(data: ChartDataDto, config: ChartConfig, columns: ColumnDto[], dark: boolean): EChartsCoreOption {
  const text = dark ? "#d1d5db" : "#374151";
  const line = dark ? "#374151" : "#e5e7eb";
  const xName = columns[config.x]?.name ?? "";
  const yName = valueLabel(config, columns);
  const axisStyle = { axisLabel: { color: text }, axisLine: { lineStyle: { color: line } }, splitLine: { lineStyle: { color: line } }, nameTextStyle: { color: text } };
  const base = {
    animation: false,
    // ECharts describes the chart (kind, axes, values) in an aria-label for screen readers.
    aria: { enabled: true },
    color: PALETTE,
    textStyle: { fontFamily: "system-ui, sans-serif" },
    grid: { left: 64, right: 24, top: 36, bottom: 56, containLabel: false },
    tooltip: { trigger: config.kind === "scatter" || config.kind === "heatmap" ? "item" : "axis" },
  };
  const spec = chartSpec(config);
  if (spec.kind === "heatmap") {
    const xs = unique(data.points.map((p) => p.x));
    const ys = unique(data.points.map((p) => p.y));
    const values = data.points.map((p) => p.value ?? 0);
    return {
      ...base,
      tooltip: { trigger: "item" },
      grid: { ...base.grid, right: 90 },
      xAxis: { type: "category", data: xs, name: xName, nameLocation: "middle", nameGap: 32, ...axisStyle },
      yAxis: { type: "category", data: ys, name: columns[config.y ?? 0]?.name ?? "", ...axisStyle },
      visualMap: { min: Math.min(0, ...values), max: Math.max(1, ...values), calculable: true, orient: "vertical", right: 8, top: "center", textStyle: { color: text } },
      series: [
        {
          type: "heatmap",
          name: valueLabel(config, columns),
          data: data.points.map((p) => [xs.indexOf(p.x ?? "NULL"), ys.indexOf(p.y ?? "NULL"), p.value ?? 0]),
        },
      ],
    };
  }
  if (spec.kind === "scatter") {
    const numericX = isNumber(columns[config.x]);
    const groups = unique(data.points.map((p) => p.series));
    return {
      ...base,
      legend: groups.length > 1 ? { textStyle: { color: text } } : undefined,
      xAxis: { type: numericX ? "value" : isTime(columns[config.x]) ? "time" : "category", name: xName, nameLocation: "middle", nameGap: 32, scale: true, ...axisStyle },
      yAxis: { type: "value", name: yName, scale: true, ...axisStyle },
      series: groups.map((g) => ({
        type: "scatter",
        name: g,
        symbolSize: 5,
        data: data.points.filter((p) => (p.series ?? "NULL") === g).map((p) => [numericX ? Number(p.x) : p.x, p.value]),
      })),
    };
  }
  // Bar, line, area and histogram: the marks along an ordered category axis.
  const label = (p: ChartDataDto["points"][number]) => (spec.kind === "histogram" && p.xEnd !== null ? `${p.x ?? ""} – ${p.xEnd}` : (p.x ?? "NULL"));
  const xs = unique(data.points.map(label));
  const groups = unique(data.points.map((p) => p.series));
  const type = spec.kind === "area" ? "line" : spec.kind === "histogram" ? "bar" : spec.kind;
  return {
    ...base,
    legend: groups.length > 1 ? { textStyle: { color: text }, top: 4 } : undefined,
    xAxis: { type: "category", data: xs, name: xName, nameLocation: "middle", nameGap: 32, ...axisStyle },
    yAxis: { type: "value", name: yName, ...axisStyle },
    series: groups.map((g) => {
      const byX = new Map(data.points.filter((p) => (p.series ?? "NULL") === g).map((p) => [label(p), p.value]));
      return {
        type,
        name: groups.length > 1 ? g : yName,
        data: xs.map((x) => byX.get(x) ?? null),
        ...(spec.kind === "area" ? { areaStyle: {}, stack: groups.length > 1 ? "total" : undefined } : {}),
        ...(spec.kind === "histogram" ? { barCategoryGap: "2%" } : {}),
        ...(type === "line" ? { showSymbol: xs.length < 60, connectNulls: false } : {}),
      };
    }),
  };
}
