import { describe, expect, it } from "vitest";

import { relativeTime } from "./relativeTime";

const now = Date.parse("2026-11-26T12:00:00.000Z");

describe("relativeTime", () => {
  it("says how long ago, in the largest whole unit", () => {
    expect(relativeTime("2026-11-26T11:59:58.000Z", now)).toBe("just now");
    expect(relativeTime("2026-11-26T11:57:00.000Z", now)).toBe("3 minutes ago");
    expect(relativeTime("2026-11-26T09:00:00.000Z", now)).toBe("3 hours ago");
    expect(relativeTime("2026-11-25T12:00:00.000Z", now)).toBe("yesterday");
  });

  it("passes through what it cannot read", () => {
    expect(relativeTime("not a date", now)).toBe("not a date");
  });
});
