import { describe, expect, it } from "vitest";

import { coalesce } from "./coalesce";

describe("coalesce", () => {
  it("runs once more after a burst of calls during a run, not once per call", async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const load = coalesce(
      () =>
        new Promise<void>((resolve) => {
          runs += 1;
          release = resolve;
        }),
    );
    void load();
    void load();
    void load();
    void load();
    expect(runs).toBe(1);
    release();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
  });

  it("runs again for a call after the previous run ended", async () => {
    let runs = 0;
    const load = coalesce(async () => {
      runs += 1;
    });
    await load();
    await load();
    expect(runs).toBe(2);
  });
});
