import { describe, expect, it } from "vitest";

import { addSample, rowsPerSecond, type Sample } from "./throughput";

const at = (statement: number, rows: number, ms: number): Sample => ({ statement, rows, at: ms });

describe("throughput", () => {
  it("is the rows gained over the last second of readings", () => {
    let samples: Sample[] = [];
    for (let i = 0; i <= 10; i++) samples = addSample(samples, at(1, i * 200_000, i * 200));
    // Readings older than a second are dropped: 1.0 s to 2.0 s, 1M rows a second.
    expect(samples[0]?.at).toBe(1000);
    expect(rowsPerSecond(samples)).toBe(1_000_000);
  });

  it("starts again with each statement and says nothing before rows move", () => {
    let samples = addSample([], at(1, 5_000, 0));
    samples = addSample(samples, at(1, 9_000, 200));
    samples = addSample(samples, at(2, 100, 400));
    expect(samples).toEqual([at(2, 100, 400)]);
    expect(rowsPerSecond(samples)).toBeNull();
    expect(rowsPerSecond(addSample(samples, at(2, 100, 600)))).toBeNull();
    expect(rowsPerSecond(addSample(samples, at(2, 600, 900)))).toBe(1000);
  });
});
