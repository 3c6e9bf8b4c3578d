import { describe, expect, it } from "vitest";

import { defaultSslMode } from "./sslDefault";

describe("defaultSslMode", () => {
  it("requires TLS for servers elsewhere and prefers it on this machine", () => {
    expect(defaultSslMode("db.example.com")).toBe("require");
    expect(defaultSslMode("10.0.0.7")).toBe("require");
    expect(defaultSslMode("localhost")).toBe("prefer");
    expect(defaultSslMode(" 127.0.0.1 ")).toBe("prefer");
    expect(defaultSslMode("::1")).toBe("prefer");
    expect(defaultSslMode("/var/run/postgresql")).toBe("prefer");
  });
});
