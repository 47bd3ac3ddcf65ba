import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { seedBatch } from "../helpers/seed-batch";
import { createTestDatabase } from "../helpers/test-database";

function startWorkerProcess(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/worker-process.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe("two worker processes on one database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    workers.push(...(await Promise.all([startWorkerProcess(database.url), startWorkerProcess(database.url)])));
  });
  afterAll(async () => {
    await Promise.all(workers.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))))));
    await db?.$disconnect();
    await database?.drop();
  });

  it("share a 400-image batch and never process an image twice", async () => {
    const batch = await seedBatch(db, { count: 400 });
    const sender = await createPgBossEngine({ databaseUrl: database.url, concurrency: 1 });
    await sender.enqueue("batch.start", { batchId: batch.id });
    await sender.stop();
    const deadline = Date.now() + 60_000;
    let progress = await getBatchProgress(db, batch.id);
    while (progress.status !== "completed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      progress = await getBatchProgress(db, batch.id);
    }
    expect(progress.counts).toMatchObject({ total: 400, succeeded: 400, failed: 0, queued: 0, processing: 0 });
    expect(progress.tokens).toEqual({ input: 400 * 258, output: 400 * 20 });

    const perImage = await db.$queryRaw<{ most: number; least: number; images: number }[]>`
      SELECT max(n)::int AS most, min(n)::int AS least, count(*)::int AS images FROM (SELECT image_id, count(*) AS n FROM image_attempts a JOIN images i ON i.id = a.image_id WHERE i.batch_id = ${batch.id}::uuid GROUP BY image_id) t`;
    expect(perImage[0]).toEqual({ most: 1, least: 1, images: 400 });
    const perProcess = await db.$queryRaw<{ key_id: string; n: number }[]>`
      SELECT a.key_id, count(*)::int AS n FROM image_attempts a JOIN images i ON i.id = a.image_id WHERE i.batch_id = ${batch.id}::uuid GROUP BY a.key_id`;
    expect(perProcess).toHaveLength(2); // both processes took part
    expect(perProcess.every((row) => row.n >= 40)).toBe(true);
    expect(new Set(perProcess.map((row) => row.key_id))).toEqual(new Set(workers.map((child) => `pid-${child.pid}`)));
  });
});
