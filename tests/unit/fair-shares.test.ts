import { describe, expect, it } from "vitest";
import { fairShares, type RunningBatchDemand } from "../../lib/orchestration/fair-shares";

const batch = (id: string, demand: number, extra: Partial<RunningBatchDemand> = {}): RunningBatchDemand => ({ id, owner: "ann", upload: id, sequence: 0, priority: "normal", demand, ...extra });

describe("fair shares of the dispatch window", () => {
  it("two batches of one person, one 50× the other, split the window evenly; the small one cannot use more than it has", () => {
    expect(Object.fromEntries(fairShares([batch("big", 5000), batch("small", 100)], 64))).toEqual({ big: 32, small: 32 });
    expect(Object.fromEntries(fairShares([batch("big", 5000), batch("small", 5)], 64))).toEqual({ big: 59, small: 5 });
  });

  it("priority weights an upload's share (high 4 : normal 2 : low 1)", () => {
    expect(Object.fromEntries(fairShares([batch("h", 1000, { priority: "high" }), batch("n", 1000), batch("l", 1000, { priority: "low" })], 70))).toEqual({ h: 40, n: 20, l: 10 });
  });

  it("people share first: one person's ten batches do not crowd out another person's one", () => {
    const many = Array.from({ length: 10 }, (_, i) => batch(`a${i}`, 1000));
    const shares = fairShares([...many, batch("bob", 1000, { owner: "bob" })], 64);
    expect(shares.get("bob")).toBe(32);
    expect(many.reduce((total, b) => total + shares.get(b.id)!, 0)).toBe(32);
  });

  it("a split upload's parts take its share in order; each upload with work gets at least one slot; idle batches none", () => {
    const parts = [3, 1, 2].map((sequence) => batch(`p${sequence}`, 50, { upload: "parent", sequence }));
    expect(Object.fromEntries(fairShares([...parts, batch("other", 10), batch("done", 0)], 80))).toEqual({ p1: 50, p2: 20, p3: 0, other: 10 });
    const crowded = Array.from({ length: 5 }, (_, i) => batch(`b${i}`, 100, { owner: `o${i}` }));
    expect([...fairShares(crowded, 3).values()]).toEqual([1, 1, 1, 1, 1]);
  });
});
