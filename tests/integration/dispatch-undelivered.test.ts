import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded-postgres";
import type { PrismaClient } from "../../lib/db/generated/client";
import { migrateDatabase } from "../../lib/db/migrate";
import type { JobEngine } from "../../lib/jobs/definitions";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { dispatchBatch, UndeliveredDispatchError } from "../../lib/orchestration/dispatch-batch";
import { releaseUnsettledImages } from "../../lib/orchestration/release-unsettled-images";
import { seedBatch } from "../helpers/seed-batch";

// The database goes away after a dispatch marked its images and before their jobs were written: neither the jobs nor
// undoing the mark can reach it. The worker must learn which images those were, or they wait for the 5-minute backstop
// (tests/integration/faults.test.ts once timed out on seven such images after a PostgreSQL restart).
describe("a dispatch whose jobs could not be delivered", () => {
  const pgDir = mkdtempSync(path.join(os.tmpdir(), "loupe-undelivered-pg-"));
  let server: EmbeddedDatabase;
  let db: PrismaClient;
  let jobs: JobEngine;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: pgDir });
    await migrateDatabase(server.url);
    db = createPrismaClient(server.url);
    jobs = await createPgBossEngine({ databaseUrl: server.url });
  });
  afterAll(async () => {
    await jobs?.stop().catch(() => {});
    await db?.$disconnect();
    await server?.stop();
    rmSync(pgDir, { recursive: true, force: true });
  });

  it("names its images, which are handed out again once the database is back", { timeout: 60_000 }, async () => {
    const batch = await seedBatch(db, { count: 5, status: "running" });
    // The real pg-boss insert, made just after PostgreSQL has been stopped.
    const stopsFirst: JobEngine = { ...jobs, enqueueMany: async (name, payloads) => (await server.stop(), jobs.enqueueMany(name, payloads)) };

    const failure = await dispatchBatch(db, stopsFirst, batch.id, 10).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UndeliveredDispatchError);
    const undelivered = (failure as UndeliveredDispatchError).imageIds;
    expect(undelivered).toHaveLength(5);

    server = await startEmbeddedPostgres({ dataDir: pgDir, port: server.port });
    const marked = await db.image.count({ where: { batchId: batch.id, dispatchedAt: { not: null } } });
    expect(marked).toBe(5); // still marked: without the release below, no dispatch would pick them again
    expect(await dispatchBatch(db, jobs, batch.id, 10)).toBe(0);

    expect(await releaseUnsettledImages(db, "this-worker", undelivered, 3)).toBe(5);
    expect(await dispatchBatch(db, jobs, batch.id, 10)).toBe(5);
    const [queued] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'image.analyze' AND data->>'batchId' = ${batch.id}`;
    expect(queued.n).toBe(5);
  });

  it("is an ordinary error when undoing the mark still worked (the images are simply dispatched again)", async () => {
    const batch = await seedBatch(db, { count: 3, status: "running" });
    const refuses: JobEngine = { ...jobs, enqueueMany: async () => Promise.reject(new Error("the queue refused")) };
    const failure = await dispatchBatch(db, refuses, batch.id, 10).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(UndeliveredDispatchError);
    expect((failure as Error).message).toBe("the queue refused");
    expect(await db.image.count({ where: { batchId: batch.id, dispatchedAt: { not: null } } })).toBe(0);
    expect(await dispatchBatch(db, jobs, batch.id, 10)).toBe(3);
  });
});
