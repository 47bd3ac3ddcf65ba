import { describe, expect, it } from "vitest";
import { getParentStatus, getRelatedBatches } from "../../lib/batches/get-related-batches";
import { LoupeError } from "../../lib/errors";
import { batchMemberIds, listImages } from "../../lib/batches/list-images";
import { createBatches } from "../../lib/ingest/create-batches";
import { useTestDatabase } from "../helpers/test-database";

describe("a split CSV's family: /related and /parent/{id}/status", () => {
  const testDb = useTestDatabase();

  it("every part and the parent name the same family; the parent's status sums its parts", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ rowNumber: i + 2, url: `https://cdn.example.com/${i}.jpg`, name: `item ${i}` }));
    const created = await createBatches(testDb.db, { name: "shoes.csv", source: "csv", rows, maxBatchSize: 10 });
    expect(created.batches.map((b) => b.totalImages)).toEqual([10, 10, 5]);
    const parentId = created.parentId!;
    const fromPart = await getRelatedBatches(testDb.db, created.batches[2].id);
    const fromParent = await getRelatedBatches(testDb.db, parentId);
    expect(fromPart.parent!.id).toBe(parentId);
    expect(fromPart.parts.map((p) => [p.sequence, p.name, p.totalImages])).toEqual([
      [1, "shoes.csv — Part 1 of 3", 10],
      [2, "shoes.csv — Part 2 of 3", 10],
      [3, "shoes.csv — Part 3 of 3", 5],
    ]);
    expect(fromParent.parts).toEqual(fromPart.parts);

    await testDb.db.batch.update({ where: { id: created.batches[0].id }, data: { succeededCount: 10, queuedCount: 0, status: "completed" } });
    const status = await getParentStatus(testDb.db, parentId);
    expect(status.counts.total).toBe(25);
    expect(status.counts.succeeded).toBe(10);
    expect(status.parts.map((p) => p.counts.succeeded)).toEqual([10, 0, 0]);
  });

  it("a parent's image list pages through all its parts in id order, with filters, and never repeats or skips a row", async () => {
    const rows = Array.from({ length: 23 }, (_, i) => ({ rowNumber: i + 2, url: `https://cdn.example.com/p${i}.jpg`, name: `p${i}` }));
    const created = await createBatches(testDb.db, { name: "pages.csv", source: "csv", rows, maxBatchSize: 10 });
    const parentId = created.parentId!;
    const ids = await batchMemberIds(testDb.db, parentId);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listImages(testDb.db, ids, { limit: 7, after });
      seen.push(...page.images.map((image) => image.name!));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(rows.map((row) => row.name));

    const failedIds = (await testDb.db.image.findMany({ where: { batch: { parentBatchId: parentId }, name: { in: ["p3", "p12", "p21"] } }, select: { id: true } })).map((r) => r.id);
    await testDb.db.image.updateMany({ where: { id: { in: failedIds } }, data: { status: "failed", lastErrorCode: "image_not_found" } });
    const failed = await listImages(testDb.db, ids, { limit: 100, status: "failed" });
    expect(failed.images.map((image) => [image.name, image.status, image.lastErrorCode])).toEqual([
      ["p3", "failed", "image_not_found"],
      ["p12", "failed", "image_not_found"],
      ["p21", "failed", "image_not_found"],
    ]);
    expect((await listImages(testDb.db, ids, { limit: 2, errorCode: "image_not_found", after: failed.images[0].id })).images.map((i) => i.name)).toEqual(["p12", "p21"]);
    expect((await listImages(testDb.db, ids, { limit: 5, reviewStatus: "approved" })).images).toEqual([]);
  });

  it("a single batch has no family; a part is not a parent; unknown ids are 404", async () => {
    const single = await createBatches(testDb.db, { name: "few", source: "urls", rows: [{ rowNumber: 2, url: "https://cdn.example.com/a.jpg" }], maxBatchSize: 10 });
    expect(await getRelatedBatches(testDb.db, single.batches[0].id)).toEqual({ batchId: single.batches[0].id, parent: null, parts: [] });
    const notParent = await getParentStatus(testDb.db, single.batches[0].id).catch((e: LoupeError) => e);
    expect([(notParent as LoupeError).status, (notParent as LoupeError).code]).toEqual([400, "not_a_parent"]);
    const missing = await getRelatedBatches(testDb.db, "00000000-0000-4000-8000-000000000000").catch((e: LoupeError) => e);
    expect((missing as LoupeError).status).toBe(404);
  });
});
