import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { batchMemberIds, listImages, type ImageListQuery } from "../../lib/batches/list-images";
import { imageListQuerySchema } from "../../lib/batches/schemas";
import { exportBatch } from "../../lib/export/export-batch";
import { parseFieldFilter, type FieldFilter } from "../../lib/results/parse-field-filter";
import { getResultFields, isNumericPath } from "../../lib/results/get-result-fields";
import { useTestDatabase } from "../helpers/test-database";

const CATEGORIES = ["shoes", "bags", "hats"];
const FIELDS = [
  { name: "category", type: "string" },
  { name: "verdict", type: "enum", enumValues: ["pass", "fail"] },
  { name: "confidence", type: "number" },
  { name: "tags", type: "list", items: { name: "tag", type: "string" } },
  { name: "meta", type: "object", properties: [{ name: "colour", type: "string" }, { name: "count", type: "integer" }] },
  { name: "ok", type: "boolean" },
];
// Result n: predictable values, some fields missing, and one image that failed (no result).
function resultOf(n: number) {
  return {
    category: CATEGORIES[n % 3],
    verdict: n % 4 === 1 ? "fail" : "pass",
    confidence: (n * 37) % 100 / 100,
    tags: n % 2 ? ["red", `tag${n}`] : ["blue"],
    meta: { colour: n % 5 === 0 ? "Dark Red" : "green", count: n },
    ...(n % 7 === 0 ? {} : { ok: n % 2 === 0 }),
  };
}
type Result = ReturnType<typeof resultOf>;

describe("the results table's field filters and sort (real PostgreSQL)", () => {
  const testDb = useTestDatabase();
  let batchId = "";
  let parentId = "";
  const byName = new Map<string, Result>();

  beforeAll(async () => {
    const template = await testDb.db.analysisTemplate.create({ data: { name: "Filter test", versions: { create: { version: 1, instructions: "x", fields: FIELDS } } }, include: { versions: true } });
    const versionId = template.versions[0].id;
    const batch = await testDb.db.batch.create({ data: { name: "Results", templateVersionId: versionId } });
    batchId = batch.id;
    for (let n = 0; n < 60; n++) {
      byName.set(`img${n}`, resultOf(n));
      await testDb.db.image.create({ data: { batchId, name: `img${n}`, status: "succeeded", result: resultOf(n) } });
    }
    await testDb.db.image.create({ data: { batchId, name: "broken", status: "failed", lastErrorCode: "image_invalid" } });
    // A parent whose two parts interleave: filters and sort still read every part.
    const parent = await testDb.db.batch.create({ data: { name: "Parent", kind: "parent", templateVersionId: versionId } });
    parentId = parent.id;
    const parts = await Promise.all([1, 2, 3].map((sequence) => testDb.db.batch.create({ data: { name: `part ${sequence}`, kind: "part", parentBatchId: parent.id, sequence, templateVersionId: versionId } })));
    for (let n = 0; n < 45; n++) await testDb.db.image.create({ data: { batchId: parts[n % 3].id, name: `p${n}`, status: "succeeded", result: resultOf(n) } });
  });

  const filters = (...texts: string[]) => texts.map((text) => parseFieldFilter(text) as FieldFilter);
  async function walk(batchIds: string[], query: Omit<ImageListQuery, "limit">, limit = 7, numeric = false, window?: number) {
    const names: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listImages(testDb.db, batchIds, { limit, ...query, after }, numeric, window);
      names.push(...page.images.map((image) => image.name!));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return names;
  }
  const expected = (test: (result: Result, n: number) => boolean, prefix = "img", count = 60) =>
    Array.from({ length: count }, (_, n) => n).filter((n) => test(resultOf(n), n)).map((n) => `${prefix}${n}`);

  it("= matches text, an enum, a number, a boolean, a list holding the value and a nested property; every page, in id order", async () => {
    expect(await walk([batchId], { filter: filters("category = shoes") })).toEqual(expected((r) => r.category === "shoes"));
    expect(await walk([batchId], { filter: filters("verdict = fail") })).toEqual(expected((r) => r.verdict === "fail"));
    expect(await walk([batchId], { filter: filters("confidence = 0.37") })).toEqual(expected((r) => r.confidence === 0.37));
    expect(await walk([batchId], { filter: filters("ok = true") })).toEqual(expected((r) => "ok" in r && r.ok === true));
    expect(await walk([batchId], { filter: filters("tags = red") })).toEqual(expected((r) => r.tags.includes("red")));
    expect(await walk([batchId], { filter: filters("meta.count = 12") })).toEqual(["img12"]);
    expect(await walk([batchId], { filter: filters('meta.colour = "Dark Red"') })).toEqual(expected((r) => r.meta.colour === "Dark Red"));
  });

  it("!=, number comparisons, contains (any case) and an empty value; filters combine with AND and with status", async () => {
    expect(await walk([batchId], { filter: filters("verdict != fail") })).toEqual(expected((r) => r.verdict !== "fail"));
    expect(await walk([batchId], { filter: filters("confidence >= 0.8") })).toEqual(expected((r) => r.confidence >= 0.8));
    expect(await walk([batchId], { filter: filters("confidence < 0.1") })).toEqual(expected((r) => r.confidence < 0.1));
    expect(await walk([batchId], { filter: filters("meta.colour ~ dark") })).toEqual(expected((r) => r.meta.colour === "Dark Red"));
    expect(await walk([batchId], { filter: filters("ok =") })).toEqual(expected((r) => !("ok" in r)));
    expect(await walk([batchId], { filter: filters("category = bags", "verdict = fail", "confidence > 0.2") })).toEqual(expected((r) => r.category === "bags" && r.verdict === "fail" && r.confidence > 0.2));
    expect(await walk([batchId], { status: "failed", filter: filters("verdict = fail") })).toEqual([]);
    // A value with LIKE's wildcards is taken literally.
    expect(await walk([batchId], { filter: filters("category ~ %") })).toEqual([]);
  });

  it("sorts by a number as a number and by text as text, both ways, keyset-paged on (value, id) without repeats or gaps", async () => {
    const fields = await getResultFields(testDb.db, [batchId]);
    expect(isNumericPath(fields, ["confidence"])).toBe(true);
    expect(isNumericPath(fields, ["meta", "count"])).toBe(true);
    expect(isNumericPath(fields, ["category"])).toBe(false);
    const all = expected(() => true);
    const byConfidence = [...all].sort((a, b) => byName.get(a)!.confidence - byName.get(b)!.confidence || Number(a.slice(3)) - Number(b.slice(3)));
    expect(await walk([batchId], { sort: "confidence", order: "asc" }, 7, true)).toEqual(byConfidence);
    const descending = [...all].sort((a, b) => byName.get(b)!.confidence - byName.get(a)!.confidence || Number(b.slice(3)) - Number(a.slice(3)));
    expect(await walk([batchId], { sort: "confidence", order: "desc" }, 5, true)).toEqual(descending);
    // meta.count sorted as numbers: 2 before 10 (as text "10" < "2").
    expect((await walk([batchId], { sort: "meta.count" }, 9, true)).slice(0, 12)).toEqual(all.slice(0, 12));
    const shoesByCategory = await walk([batchId], { sort: "category", filter: filters("verdict = pass") }, 4);
    expect(shoesByCategory).toEqual(expected((r) => r.verdict === "pass").sort((a, b) => byName.get(a)!.category.localeCompare(byName.get(b)!.category) || Number(a.slice(3)) - Number(b.slice(3))));
    // Images without the field (the failed one) are left out of a sorted list.
    expect(await walk([batchId], { sort: "ok" })).toHaveLength(expected((r) => "ok" in r).length);
  });

  it("the same pages whether found by walking a window of images or through the result index (tiny windows force the index)", async () => {
    const members = await batchMemberIds(testDb.db, parentId);
    // 8: the walk's first quarter (2 images) finds too few of a rare value and goes to the index before the rest.
    for (const window of [1, 3, 8]) {
      for (const limit of [4, 50]) {
        expect(await walk([batchId], { filter: filters("verdict = fail") }, limit, false, window)).toEqual(expected((r) => r.verdict === "fail"));
        expect(await walk([batchId], { filter: filters("tags = red", "confidence >= 0.3") }, limit, false, window)).toEqual(expected((r) => r.tags.includes("red") && r.confidence >= 0.3));
        expect(await walk([batchId], { filter: filters("confidence < 0.5") }, limit, false, window)).toEqual(expected((r) => r.confidence < 0.5));
        // Parts whose ids interleave: a window's page is kept only when no unread image can come before its last.
        expect(await walk(members, { filter: filters("category = hats") }, limit, false, window)).toEqual(expected((r) => r.category === "hats", "p", 45));
        expect(await walk(members, { filter: filters("verdict != fail") }, limit, false, window)).toEqual(expected((r) => r.verdict !== "fail", "p", 45));
      }
    }
  }, 120_000);

  it("a running batch: results among queued images, then only queued ones; a filtered page past the last result is empty", async () => {
    const running = await testDb.db.batch.create({ data: { name: "Running" } });
    // Every third image still queued (no result), then a queued tail: what a running batch's later pages are made of.
    for (let n = 0; n < 30; n++) await testDb.db.image.create({ data: { batchId: running.id, name: `r${n}`, ...(n % 3 === 2 ? {} : { status: "succeeded" as const, result: resultOf(n) }) } });
    const tail = await Promise.all(Array.from({ length: 10 }, (_, n) => testDb.db.image.create({ data: { batchId: running.id, name: `q${n}` } })));
    const finished = (test: (result: Result) => boolean) => expected((r, n) => n % 3 !== 2 && test(r), "r", 30);
    for (const window of [undefined, 2, 8]) {
      expect(await walk([running.id], { filter: filters("verdict = pass") }, 4, false, window)).toEqual(finished((r) => r.verdict === "pass"));
      expect(await walk([running.id], { filter: filters("confidence >= 0.5") }, 3, false, window)).toEqual(finished((r) => r.confidence >= 0.5));
      expect(await walk([running.id], { filter: filters("verdict != fail") }, 5, false, window)).toEqual(finished((r) => r.verdict !== "fail"));
      for (const filter of ["verdict = fail", "confidence >= 0", "category ~ s"])
        expect(await listImages(testDb.db, [running.id], { limit: 5, filter: filters(filter), after: tail[2].id.toString() }, false, window)).toEqual({ images: [], nextCursor: null });
    }
    // Unfiltered, the queued images are all still listed.
    expect(await walk([running.id], {}, 7)).toHaveLength(40);
  });

  it("a parent's parts are filtered and sorted together", async () => {
    const members = await batchMemberIds(testDb.db, parentId);
    expect(await walk(members, { filter: filters("category = hats") }, 3)).toEqual(expected((r) => r.category === "hats", "p", 45));
    const sorted = await walk(members, { sort: "meta.count", order: "desc" }, 4, true);
    expect(sorted).toEqual(Array.from({ length: 45 }, (_, n) => `p${44 - n}`));
  });

  it("the query string: repeated filter parameters, and a person's mistakes named", async () => {
    const query = imageListQuerySchema.parse({ filter: ["category = shoes", "confidence >= 0.5"], sort: "confidence", order: "desc" });
    expect(query.filter).toEqual([{ path: ["category"], operator: "=", value: "shoes" }, { path: ["confidence"], operator: ">=", value: "0.5" }]);
    expect(() => imageListQuerySchema.parse({ filter: "category" })).toThrow(/is not a filter/);
    expect(() => imageListQuerySchema.parse({ filter: "confidence > high" })).toThrow(/compares numbers/);
    expect(() => imageListQuerySchema.parse({ filter: "__proto__.x = 1" })).toThrow(/not a field/);
    expect(() => imageListQuerySchema.parse({ sort: "a;drop table images" })).toThrow(/sort must be a field/);
    await expect(listImages(testDb.db, [batchId], { limit: 5, sort: "confidence", after: "s.bm90LWpzb24" })).rejects.toThrow(/nextCursor/);
  });

  it("the export carries the same filters", async () => {
    const pool = new pg.Pool({ connectionString: testDb.url });
    try {
      const file = await exportBatch(testDb.db, pool, { batchId, format: "jsonl", filters: { fields: filters("verdict = fail", "category = shoes") }, includeRaw: false, bom: false });
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      const lines = Buffer.concat(chunks).toString().trim().split("\n").map((line) => JSON.parse(line));
      expect(lines.map((line) => line.name)).toEqual(expected((r) => r.verdict === "fail" && r.category === "shoes"));
    } finally {
      await pool.end();
    }
  });
});
