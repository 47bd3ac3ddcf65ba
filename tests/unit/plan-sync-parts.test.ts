import { describe, expect, it } from "vitest";
import { planSyncParts } from "../../lib/ingest/plan-sync-parts";

describe("planSyncParts: where a bucket sync's new keys go", () => {
  it("fills the last part up to maxBatchSize, then new parts of at most maxBatchSize", () => {
    expect(planSyncParts(250, 691, 400)).toEqual({ intoLast: 150, newParts: [400, 141] });
  });
  it("a full last part takes nothing; an exact fit makes no new part", () => {
    expect(planSyncParts(400, 800, 400)).toEqual({ intoLast: 0, newParts: [400, 400] });
    expect(planSyncParts(100, 300, 400)).toEqual({ intoLast: 300, newParts: [] });
  });
  it("nothing new, nothing planned; a part already past the size (synced before this rule) takes nothing more", () => {
    expect(planSyncParts(250, 0, 400)).toEqual({ intoLast: 0, newParts: [] });
    expect(planSyncParts(450, 10, 400)).toEqual({ intoLast: 0, newParts: [10] });
  });
});
