import { describe, expect, it } from "vitest";

import { failedFields } from "./failedFields";

describe("failedFields", () => {
  it("points a PostgreSQL failure at the setting to fix", () => {
    expect(failedFields("authFailed", "postgres")).toEqual(["user", "secret"]);
    expect(failedFields("hostUnreachable", "postgres")).toEqual(["host", "port"]);
    expect(failedFields("databaseMissing", "postgres")).toEqual(["database"]);
    expect(failedFields("tlsRequired", "postgres")).toEqual(["sslMode"]);
    expect(failedFields("other", "postgres")).toEqual([]);
  });

  it("points an S3 failure at the bucket, the endpoint or the keys", () => {
    expect(failedFields("databaseMissing", "s3")).toEqual(["bucket"]);
    expect(failedFields("hostUnreachable", "s3")).toEqual(["endpoint"]);
    expect(failedFields("authFailed", "s3")).toEqual(["accessKeyId", "secret"]);
  });
});
