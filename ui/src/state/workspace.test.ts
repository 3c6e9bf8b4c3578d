import { describe, expect, it, vi } from "vitest";

import { fakeBackend as backend } from "../test/fakeBackend";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  backend: (await import("../test/fakeBackend")).fakeBackend,
}));

const { useWorkspace } = await import("./workspace");

const table = (name: string) => ({ database: "qbox", schema: "main", name, columns: [] });

describe("workspace changes", () => {
  it("read again only what changed", async () => {
    backend.catalog.mockResolvedValue([table("file_a")]);
    backend.listSources.mockResolvedValue([]);
    useWorkspace.getState().changed({ kind: "catalog" });
    await expect.poll(() => useWorkspace.getState().catalog.map((t) => t.name)).toEqual(["file_a"]);
    expect(backend.listSources).not.toHaveBeenCalled();
    useWorkspace.getState().changed({ kind: "sources" });
    await expect.poll(() => backend.listSources.mock.calls.length).toBe(1);
    expect(backend.catalog).toHaveBeenCalledTimes(1);
  });

  it("read the catalog at most once more for a burst of changes", async () => {
    backend.catalog.mockReset();
    const releases: (() => void)[] = [];
    backend.catalog.mockImplementation(
      () =>
        new Promise((resolve) => {
          const n = releases.length + 1;
          releases.push(() => resolve([table(`file_${n}`)]));
        }),
    );
    const { changed } = useWorkspace.getState();
    for (let i = 0; i < 5; i++) changed({ kind: "catalog" });
    expect(backend.catalog).toHaveBeenCalledTimes(1);
    releases[0]?.();
    await expect.poll(() => backend.catalog.mock.calls.length).toBe(2);
    releases[1]?.();
    await expect.poll(() => useWorkspace.getState().catalog.map((t) => t.name)).toEqual(["file_2"]);
    expect(backend.catalog).toHaveBeenCalledTimes(2);
  });
});
