import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rerunBatch } from "../../lib/batches/rerun-batch";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createBatches } from "../../lib/ingest/create-batches";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { JobEngine } from "../../lib/jobs/definitions";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { createTestDatabase } from "../helpers/test-database";

describe("re-running a batch with another template", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let jobs: JobEngine;
  // The batch.start jobs a finished copy queued (pg-boss's own table: nothing here runs them).
  const startJobs = async () => (await db.$queryRaw<{ batchId: string }[]>`SELECT data->>'batchId' AS "batchId" FROM pgboss.job WHERE name = 'batch.start'`).map((row) => row.batchId);
  const config = loadConfig({ MAX_BATCH_SIZE: "10", GEMINI_API_KEYS: "p:AIzaRerunTestKey000000000000000000001" });
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    jobs = await createPgBossEngine({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await jobs?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("copies every image of every part (URLs, uploads, names, ids, carried columns) into a new batch; the original is untouched", async () => {
    const sha = "a".repeat(64);
    const rows = Array.from({ length: 13 }, (_, i) =>
      i % 4 === 0
        ? { rowNumber: i + 1, name: `upload-${i}.png`, sha256: sha, mimeType: "image/png", bytes: 1234 }
        : { rowNumber: i + 1, url: `https://cdn.example.com/${i}.jpg`, name: `item ${i}`, externalId: `SKU-${i}`, carried: { price: `${i}.99` } },
    );
    const original = await createBatches(db, { name: "Spring", source: "csv", rows, maxBatchSize: 10, carriedColumns: ["price"], model: "local" });
    await db.image.updateMany({ where: { batch: { parentBatchId: original.parentId } }, data: { status: "succeeded", result: { caption: "old" } } });
    const template = await db.analysisTemplate.findFirstOrThrow({ where: { name: "Object detection" }, include: { versions: true } });

    const rerun = await rerunBatch(db, config, jobs, original.parentId!, { templateId: template.id }, null);
    expect(rerun.parentId).not.toBe(original.parentId);
    expect(rerun.batches.map((b) => b.totalImages)).toEqual([10, 3]);
    const parent = await db.batch.findUniqueOrThrow({ where: { id: rerun.parentId! } });
    expect(parent.name).toBe("Spring (re-run)");
    expect(parent.carriedColumns).toEqual(["price"]);
    const copied = await db.image.findMany({ where: { batch: { parentBatchId: rerun.parentId } }, orderBy: { rowNumber: "asc" } });
    expect(copied).toHaveLength(13);
    expect(copied.every((image) => image.status === "queued" && image.result === null)).toBe(true);
    expect(copied.map((image) => [image.name, image.sourceUrl, image.externalId, image.sha256])).toEqual(
      rows.map((row) => ("url" in row ? [row.name, row.url, row.externalId, null] : [row.name, null, null, sha])),
    );
    expect(copied[1].carried).toEqual({ price: "1.99" });
    const parts = await db.batch.findMany({ where: { parentBatchId: rerun.parentId }, include: { templateVersion: { select: { templateId: true } } } });
    expect(parts.every((part) => part.templateVersion?.templateId === template.id && part.model === config.GEMINI_MODEL)).toBe(true);

    const untouched = await db.image.count({ where: { batch: { parentBatchId: original.parentId }, status: "succeeded" } });
    expect(untouched).toBe(13);
    // Copied, the new batch is queued with exact counters and handed to the job engine.
    expect([parent.status, parent.totalImages, parent.queuedCount]).toEqual(["queued", 13, 13]);
    expect(parts.map((part) => [part.status, part.totalImages, part.queuedCount]).sort()).toEqual([["queued", 10, 10], ["queued", 3, 3]]);
    expect(await startJobs()).toContain(rerun.parentId);
  });

  it("a single batch re-runs with the offline analyzer under a given name; an unknown batch is 404", async () => {
    const single = await createBatches(db, { name: "Few", source: "urls", rows: [{ rowNumber: 1, url: "https://cdn.example.com/x.jpg" }], maxBatchSize: 10 });
    const rerun = await rerunBatch(db, config, jobs, single.batches[0].id, { templateId: "local", name: "Few, offline" }, null);
    expect(rerun.parentId).toBeNull();
    const batch = await db.batch.findUniqueOrThrow({ where: { id: rerun.batches[0].id } });
    expect([batch.name, batch.model, batch.templateVersionId, batch.totalImages]).toEqual(["Few, offline", "local", null, 1]);
    await expect(rerunBatch(db, config, jobs, "00000000-0000-4000-8000-000000000000", {}, null)).rejects.toMatchObject({ status: 404 });
  });
});
