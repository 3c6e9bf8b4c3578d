import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ColumnMenu } from "./ColumnMenu";
import { FilterBar } from "./FilterBar";
import { EMPTY_VIEW } from "./resultView";

const columns = [
  { name: "name", dataType: "VARCHAR" },
  { name: "age", dataType: "INTEGER" },
];

describe("FilterBar", () => {
  it("searches once typing pauses and shows the filtered count", async () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const { rerender } = render(<FilterBar columns={columns} view={EMPTY_VIEW} shown={10} total={10} onChange={onChange} onAddFilter={() => undefined} />);
    fireEvent.change(screen.getByTestId("grid-search"), { target: { value: "ad" } });
    fireEvent.change(screen.getByTestId("grid-search"), { target: { value: "ada" } });
    expect(onChange).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(300));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith({ ...EMPTY_VIEW, search: "ada" });
    vi.useRealTimers();
    rerender(<FilterBar columns={columns} view={{ ...EMPTY_VIEW, search: "ada" }} shown={null} total={10} onChange={onChange} onAddFilter={() => undefined} />);
    expect(screen.getByTestId("filtered-count")).toHaveTextContent("Filtering…");
    rerender(<FilterBar columns={columns} view={{ ...EMPTY_VIEW, search: "ada" }} shown={1} total={1234} onChange={onChange} onAddFilter={() => undefined} />);
    expect(screen.getByTestId("filtered-count")).toHaveTextContent("1 of 1,234 rows");
  });

  it("shows each filter as a chip that removes it", async () => {
    const onChange = vi.fn();
    const view = { ...EMPTY_VIEW, filters: [{ column: 1, condition: { kind: "range" as const, min: "30", max: "40" } }] };
    render(<FilterBar columns={columns} view={view} shown={2} total={3} onChange={onChange} onAddFilter={() => undefined} />);
    expect(screen.getByTestId("filter-chip")).toHaveTextContent("age between 30 and 40");
    await userEvent.click(screen.getByRole("button", { name: "Remove the filter on age" }));
    expect(onChange).toHaveBeenCalledWith(EMPTY_VIEW);
  });
});

describe("ColumnMenu", () => {
  const at = { x: 10, y: 10, width: 100, height: 30 };

  it("filters a number column between bounds by default", async () => {
    const onChange = vi.fn();
    const onClose = vi.fn();
    render(<ColumnMenu request={{ column: 1, at }} columns={columns} view={EMPTY_VIEW} onChange={onChange} onClose={onClose} />);
    expect(screen.getByTestId("filter-kind")).toHaveValue("range");
    await userEvent.type(screen.getByTestId("filter-min"), "30");
    await userEvent.type(screen.getByTestId("filter-max"), "40{Enter}");
    expect(onChange).toHaveBeenCalledWith({ ...EMPTY_VIEW, filters: [{ column: 1, condition: { kind: "range", min: "30", max: "40" } }] });
    expect(onClose).toHaveBeenCalled();
  });

  it("chooses the column when opened from + Filter, and Escape closes it", async () => {
    const onChange = vi.fn();
    const onClose = vi.fn();
    render(<ColumnMenu request={{ column: null, at }} columns={columns} view={EMPTY_VIEW} onChange={onChange} onClose={onClose} />);
    await userEvent.selectOptions(screen.getByTestId("filter-column"), "0");
    expect(screen.getByTestId("filter-kind")).toHaveValue("contains");
    await userEvent.type(screen.getByTestId("filter-value"), "Ad");
    await userEvent.click(screen.getByTestId("filter-apply"));
    expect(onChange).toHaveBeenCalledWith({ ...EMPTY_VIEW, filters: [{ column: 0, condition: { kind: "contains", text: "Ad" } }] });
    onClose.mockClear();
    render(<ColumnMenu request={{ column: 0, at }} columns={columns} view={EMPTY_VIEW} onChange={onChange} onClose={onClose} />);
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });
});
