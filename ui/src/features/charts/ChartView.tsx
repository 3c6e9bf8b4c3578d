// The Chart view beside the grid: pick a kind and the columns, DuckDB aggregates every row the
// grid shows, ECharts draws the marks; export as PNG or SVG through the save dialog.
import { useEffect, useMemo, useRef } from "react";

import { backend, type ColumnDto, type ViewDto, errorMessage } from "../../lib/backend";
import { useChartData } from "../../lib/reads";
import { AGGREGATES, chartOption, chartSpec, KINDS, missing, type ChartConfig } from "./chartConfig";
import { echarts } from "./echarts";

interface Props {
  resultId: number;
  view: ViewDto;
  columns: ColumnDto[];
  config: ChartConfig;
  onConfigChange: (config: ChartConfig) => void;
  dark: boolean;
  /** The file name the export dialog suggests, without extension. */
  baseName: string;
  onNotify: (tone: "info" | "error", text: string) => void;
}

export function ChartView({ resultId, view, columns, config, onConfigChange, dark, baseName, onNotify }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const problem = missing(config, columns);
  const spec = useMemo(() => chartSpec(config), [config]);

  // DuckDB computes the marks whenever the chart or the view changes.
  const read = useChartData(resultId, view, spec, problem === null);
  const data = read.data ?? null;
  const error = read.error ? errorMessage(read.error) : null;
  const loading = read.isFetching;

  const option = useMemo(() => (data ? chartOption(data, config, columns, dark) : null), [data, config, columns, dark]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (option) chart.current?.setOption(option, { notMerge: true });
    else chart.current?.clear();
  }, [option]);

  const exportAs = async (format: "png" | "svg") => {
    const instance = chart.current;
    const el = host.current;
    if (!instance || !el || !option) return;
    const path = await backend.pickChartPath(`${baseName}.${format}`, format);
    if (path === null) return;
    const background = dark ? "#111827" : "#ffffff";
    try {
      if (format === "png") {
        const url = instance.getDataURL({ type: "png", pixelRatio: window.devicePixelRatio || 1, backgroundColor: background });
        await backend.saveChartPng(path, url.slice(url.indexOf(",") + 1));
      } else {
        // The same option drawn by ECharts' SVG renderer, off screen, at the chart's size.
        const svg = echarts.init(null, undefined, { renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight });
        svg.setOption({ ...option, backgroundColor: background });
        const text = svg.renderToSVGString();
        svg.dispose();
        await backend.saveChartSvg(path, text);
      }
      onNotify("info", `Chart saved to ${path}`);
    } catch (e) {
      onNotify("error", errorMessage(e));
    }
  };

  const set = (patch: Partial<ChartConfig>) => onConfigChange({ ...config, ...patch });
  // `color` means a series column in most charts but a heatmap's measure: it does not carry across.
  const setKind = (kind: ChartConfig["kind"]) => set(kind === "heatmap" || config.kind === "heatmap" ? { kind, color: null } : { kind });
  const columnOptions = columns.map((c, i) => (
    <option key={i} value={i}>
      {c.name}
    </option>
  ));
  return (
    <div className="chart-view" data-testid="chart-view">
      <div className="chart-controls">
        <label>
          Chart
          <select value={config.kind} onChange={(e) => setKind(e.target.value as ChartConfig["kind"])} data-testid="chart-kind">
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          X
          <select value={config.x} onChange={(e) => set({ x: Number(e.target.value) })} data-testid="chart-x">
            {columnOptions}
          </select>
        </label>
        {config.kind === "heatmap" && (
          <>
            <label>
              Y
              <select value={config.y ?? ""} onChange={(e) => set({ y: e.target.value === "" ? null : Number(e.target.value) })} data-testid="chart-y">
                <option value="">choose…</option>
                {columnOptions}
              </select>
            </label>
            <label>
              Value
              <select value={config.aggregate} onChange={(e) => set({ aggregate: e.target.value as ChartConfig["aggregate"] })} data-testid="chart-aggregate">
                {AGGREGATES.map((a) => (
                  <option key={a.aggregate} value={a.aggregate}>
                    {a.label}
                  </option>
                ))}
              </select>
            </label>
            {config.aggregate !== "count" && (
              <label>
                of
                <select value={config.color ?? ""} onChange={(e) => set({ color: e.target.value === "" ? null : Number(e.target.value) })} data-testid="chart-measure">
                  <option value="">choose…</option>
                  {columnOptions}
                </select>
              </label>
            )}
          </>
        )}
        {config.kind !== "histogram" && config.kind !== "heatmap" && (
          <>
            {config.kind !== "scatter" && (
              <label>
                Y
                <select value={config.aggregate} onChange={(e) => set({ aggregate: e.target.value as ChartConfig["aggregate"] })} data-testid="chart-aggregate">
                  {AGGREGATES.map((a) => (
                    <option key={a.aggregate} value={a.aggregate}>
                      {a.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {(config.aggregate !== "count" || config.kind === "scatter") && (
              <label>
                {config.kind !== "scatter" ? "of" : "Y"}
                <select value={config.y ?? ""} onChange={(e) => set({ y: e.target.value === "" ? null : Number(e.target.value) })} data-testid="chart-y">
                  <option value="">choose…</option>
                  {columnOptions}
                </select>
              </label>
            )}
            <label>
              Colour
              <select value={config.color ?? ""} onChange={(e) => set({ color: e.target.value === "" ? null : Number(e.target.value) })} data-testid="chart-color">
                <option value="">none</option>
                {columnOptions}
              </select>
            </label>
          </>
        )}
        <span className="spacer" />
        {loading && <span className="muted">DuckDB is aggregating…</span>}
        <button onClick={() => void exportAs("png")} disabled={!option} data-testid="chart-export-png">
          Export PNG
        </button>
        <button onClick={() => void exportAs("svg")} disabled={!option} data-testid="chart-export-svg">
          Export SVG
        </button>
      </div>
      <div className="chart-body">
        <div className="chart-canvas" ref={host} data-testid="chart-canvas" data-points={data?.points.length ?? 0} />
        {(problem ?? error) !== null && (
          <div className={error ? "chart-message error-box" : "chart-message empty-state"} data-testid="chart-message">
            {problem ?? error}
          </div>
        )}
      </div>
      {data && (
        <details className="chart-sql">
          <summary className="muted">
            {data.points.length} marks from DuckDB{data.binned ? ", x cut into equal buckets" : ""}
            {data.truncated ? "; only the largest categories and series are shown" : ""}
          </summary>
          <pre>{data.sql}</pre>
        </details>
      )}
    </div>
  );
}
