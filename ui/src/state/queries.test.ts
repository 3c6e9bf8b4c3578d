import { beforeEach, describe, expect, it, vi } from "vitest";

import type { QueryDto } from "../lib/backend";
import { fakeBackend as backend } from "../test/fakeBackend";

const q = (id: number, name = `Q${id}`): QueryDto => ({
  id,
  name,
  sql: `select ${id}`,
  createdAt: "2026-11-26T00:00:00.000Z",
  updatedAt: `2026-11-26T00:00:0${id}.000Z`,
});

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  backend: (await import("../test/fakeBackend")).fakeBackend,
}));

const { useQueries } = await import("./queries");

describe("open query tabs", () => {
  beforeEach(async () => {
    backend.listQueries.mockResolvedValue([q(3), q(2), q(1)]);
    useQueries.setState({ queries: [], openIds: [], currentId: null, search: "" });
    await useQueries.getState().load({ ids: [1, 99, 2], active: 2 });
  });

  it("restores saved tabs, leaving out queries that no longer exist", () => {
    expect(useQueries.getState().openIds).toEqual([1, 2]);
    expect(useQueries.getState().currentId).toBe(2);
  });

  it("opens a query after the current tab, and a query open twice has one tab", () => {
    const s = useQueries.getState();
    s.open(1);
    s.open(3);
    expect(useQueries.getState().openIds).toEqual([1, 3, 2]);
    useQueries.getState().open(1);
    useQueries.getState().open(1);
    expect(useQueries.getState().openIds).toEqual([1, 3, 2]);
    expect(useQueries.getState().currentId).toBe(1);
  });

  it("closing the current tab brings its neighbour to the front", () => {
    useQueries.getState().open(3);
    expect(useQueries.getState().openIds).toEqual([1, 2, 3]);
    useQueries.getState().close(3);
    expect(useQueries.getState().currentId).toBe(2);
    useQueries.getState().close(1);
    expect(useQueries.getState()).toMatchObject({ openIds: [2], currentId: 2 });
    useQueries.getState().close(2);
    expect(useQueries.getState()).toMatchObject({ openIds: [], currentId: null });
  });

  it("a duplicate opens in a new tab; a deleted query loses its tab", async () => {
    backend.duplicateQuery.mockResolvedValue(q(4, "Q2 (copy)"));
    await useQueries.getState().duplicate(2);
    expect(useQueries.getState()).toMatchObject({ openIds: [1, 2, 4], currentId: 4 });
    expect(useQueries.getState().queries[0]?.name).toBe("Q2 (copy)");
    backend.deleteQuery.mockResolvedValue(undefined);
    await useQueries.getState().remove(4);
    expect(useQueries.getState()).toMatchObject({ openIds: [1, 2], currentId: 2 });
    expect(useQueries.getState().queries.map((x) => x.id)).not.toContain(4);
  });

  it("with no saved tabs, the newest query opens", async () => {
    await useQueries.getState().load({ ids: [], active: null });
    expect(useQueries.getState()).toMatchObject({ openIds: [3], currentId: 3 });
  });
});
