import { describe, expect, it } from "vitest";
import { batchMemberIds, listImages } from "../../lib/batches/list-images";
import { createBatches } from "../../lib/ingest/create-batches";
import { useTestDatabase } from "../helpers/test-database";

// A parent's image pages must equal "every image of every part, in id order", whether its parts hold consecutive ids
// (a CSV's split) or interleaved ones (rows added to parts in turn), for every filter and page size.
describe("listImages across a parent's parts", () => {
  const testDb = useTestDatabase();

  async function walk(batchIds: string[], query: { limit: number; status?: "failed" | "succeeded" }) {
    const ids: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await listImages(testDb.db, batchIds, { ...query, after });
      ids.push(...page.images.map((image) => image.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return ids;
  }
  async function expected(batchIds: string[], status?: "failed") {
    const rows = await testDb.db.image.findMany({ where: { batchId: { in: batchIds }, ...(status ? { status } : {}) }, orderBy: { id: "asc" }, select: { id: true } });
    return rows.map((row) => row.id.toString());
  }
  async function failEveryThird(batchIds: string[]) {
    await testDb.db.$executeRaw`UPDATE images SET status = CASE WHEN id % 3 = 0 THEN 'failed'::"ImageStatus" ELSE 'succeeded'::"ImageStatus" END WHERE batch_id = ANY(${batchIds}::uuid[])`;
  }

  it("a CSV's parts (consecutive ids): every page, every filter", async () => {
    const rows = Array.from({ length: 230 }, (_, i) => ({ rowNumber: i + 2, url: `https://cdn.example.com/${i}.jpg` }));
    const created = await createBatches(testDb.db, { name: "feed.csv", source: "csv", rows, maxBatchSize: 20 });
    const members = await batchMemberIds(testDb.db, created.parentId!);
    expect(members).toHaveLength(13); // the parent and 12 parts
    await failEveryThird(members);
    for (const limit of [1, 7, 50, 500]) {
      expect(await walk(members, { limit })).toEqual(await expected(members));
      expect(await walk(members, { limit, status: "failed" })).toEqual(await expected(members, "failed"));
    }
  });

  it("parts whose ids interleave (more than the parts read one by one): still every image once, in id order", async () => {
    const parent = await testDb.db.batch.create({ data: { name: "interleaved", kind: "parent" } });
    const parts = await Promise.all(Array.from({ length: 12 }, (_, i) => testDb.db.batch.create({ data: { name: `part ${i + 1}`, kind: "part", parentBatchId: parent.id, sequence: i + 1 } })));
    for (let round = 0; round < 15; round++) {
      for (const [index, part] of parts.entries()) await testDb.db.image.create({ data: { batchId: part.id, rowNumber: round * 12 + index + 2, sourceUrl: `https://cdn.example.com/${round}-${index}.jpg` } });
    }
    const members = await batchMemberIds(testDb.db, parent.id);
    await failEveryThird(members);
    for (const limit of [1, 5, 40, 500]) {
      expect(await walk(members, { limit })).toEqual(await expected(members));
      expect(await walk(members, { limit, status: "failed" })).toEqual(await expected(members, "failed"));
    }
  });
});
