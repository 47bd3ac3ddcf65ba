import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { uploadsStorage } from "../../lib/storage";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { createTestDatabase } from "../helpers/test-database";
import { gradientImage, storeImages } from "../helpers/transform-images";

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/transform-worker-process.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", (code, signal) => reject(new Error(`worker process exited early (${code ?? signal})`)));
  });
}

const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.signalCode ?? child.exitCode) : child.once("exit", (code, signal) => resolve(signal ?? code))));

describe("a worker killed (SIGKILL) mid-transform", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-transform-crash-"));
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stores each image's output once: the survivor redoes what the dead worker left unfinished, on the same row and file", { timeout: 180_000 }, async () => {
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir });
    const storage = uploadsStorage(dataDir);
    const count = 12;
    const inputs = await storeImages(storage, await Promise.all(Array.from({ length: count }, async (_, i) => ({ name: `photo-${i}.jpg`, bytes: await gradientImage(1400 + i * 20, 1000) }))));
    const template = await db.analysisTemplate.findUniqueOrThrow({ where: { name: "Web-ready 1200 px WebP on white" } });
    const created = await createBatchesFromRequest(db, config, { images: inputs, templateId: template.id });
    const batchId = created.batches[0].id;
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };

    const crashing = await startWorkerProcess({ ...env, CRASH_AFTER_OUTPUTS: "4" });
    children.push(crashing);
    const sender = await createPgBossEngine({ databaseUrl: database.url, concurrency: 1 });
    await startCreatedBatches(sender, created);
    await sender.stop();
    expect(await exited(crashing)).toBe("SIGKILL");

    // The dead worker stored outputs for images it never marked done.
    const atCrash = await db.image.findMany({ where: { batchId }, select: { status: true, _count: { select: { outputs: true } } } });
    const unfinishedWithOutput = atCrash.filter((image) => image.status !== "succeeded" && image._count.outputs === 1);
    expect(unfinishedWithOutput.length).toBeGreaterThanOrEqual(1);
    expect(atCrash.filter((image) => image.status === "succeeded").length).toBeLessThan(count);

    const survivor = await startWorkerProcess(env);
    children.push(survivor);
    await waitForBatchToFinish(db, batchId, 60_000);
    await waitFor("every image to succeed", () => db.image.count({ where: { batchId, status: "succeeded" } }), (n) => n === count);
    await expectCountersMatchRows(db, batchId);

    const perImage = await db.$queryRaw<{ image_id: bigint; n: number }[]>`SELECT i.id AS image_id, count(o.id)::int AS n FROM images i LEFT JOIN image_outputs o ON o.image_id = i.id WHERE i.batch_id = ${batchId}::uuid GROUP BY i.id`;
    expect(perImage).toHaveLength(count);
    expect(perImage.every((row) => row.n === 1)).toBe(true);
    // The redone images were transformed again (a second run), and their output is still the one file.
    const redone = await db.image.findMany({ where: { batchId, attempts: { gt: 1 } }, include: { outputs: true } });
    expect(redone.length).toBeGreaterThanOrEqual(unfinishedWithOutput.length);
    const outputs = await db.imageOutput.findMany({ where: { batchId } });
    for (const output of outputs) {
      const decoded = await sharp(await storage.read(output.sha256)).metadata();
      expect(decoded).toMatchObject({ format: "webp", width: output.width, height: output.height });
      expect(output.width).toBe(1200);
    }
    // Content-addressed: one file per distinct input and output, nothing stored twice, no temporary file left behind.
    const stored = readdirSync(path.join(dataDir, "uploads"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.endsWith("tmp"));
    expect(stored).toHaveLength(count + new Set(outputs.map((output) => output.sha256)).size);
    expect(new Set(outputs.map((output) => output.sha256)).size).toBe(count);
  });
});
