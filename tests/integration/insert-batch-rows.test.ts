import { describe, expect, it } from "vitest";
import { createBatches } from "../../lib/ingest/create-batches";
import { useTestDatabase } from "../helpers/test-database";

// Rows go in through COPY's text format: every character that format treats specially must come back as it was sent.
describe("ingested rows keep awkward values exactly", () => {
  const testDb = useTestDatabase();

  it("tabs, newlines, CRs, backslashes, a literal \\N, quotes, unicode and JSON specials in every text column", async () => {
    const awkward = ["tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\\\N", 'say "hi"', "emoji 🧵 é ß 中文", "=SUM(A1)", " trailing  "];
    const rows = awkward.map((value, i) => ({
      rowNumber: i + 2,
      url: `https://cdn.example.com/${i}.jpg?q=${encodeURIComponent(value)}`,
      name: value,
      externalId: i % 2 ? value : null,
      carried: { note: value, "col\twith\ttabs": value, quote: '"\\' },
    }));
    const created = await createBatches(testDb.db, { name: "awkward", source: "csv", rows, maxBatchSize: 100 });
    const stored = await testDb.db.image.findMany({ where: { batchId: created.batches[0].id }, orderBy: { rowNumber: "asc" } });
    expect(stored.map((image) => ({ rowNumber: image.rowNumber, url: image.sourceUrl, name: image.name, externalId: image.externalId, carried: image.carried }))).toEqual(rows);
    const batch = await testDb.db.batch.findUniqueOrThrow({ where: { id: created.batches[0].id } });
    expect({ total: batch.totalImages, queued: batch.queuedCount }).toEqual({ total: awkward.length, queued: awkward.length });
  });

  it("a chunk that fails leaves no rows and no counts behind", async () => {
    const rows = [{ rowNumber: 2, url: "https://cdn.example.com/ok.jpg" }, { rowNumber: 3, url: "https://cdn.example.com/\u0000.jpg" }];
    await expect(createBatches(testDb.db, { name: "broken", source: "csv", rows, maxBatchSize: 100 })).rejects.toThrow();
    const drafts = await testDb.db.batch.findMany({ where: { name: "broken" } });
    for (const draft of drafts) {
      expect(draft.totalImages).toBe(0);
      expect(await testDb.db.image.count({ where: { batchId: draft.id } })).toBe(0);
    }
  });
});
