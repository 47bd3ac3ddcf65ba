import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import type { Config } from "../../lib/config";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { createPrismaClient } from "../../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded-postgres";
import type { PrismaClient } from "../../lib/db/generated/client";
import { migrateDatabase } from "../../lib/db/migrate";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { LoupeError } from "../../lib/errors";
import { storeCsvUpload } from "../../lib/ingest/store-csv-upload";
import { storeImageUpload } from "../../lib/ingest/store-image-upload";
import { uploadsStorage } from "../../lib/storage";
import { LocalStorage } from "../../lib/storage/local-adapter";
import { createTemplate, seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { startWorker, type RunningWorker } from "../../lib/worker/start-worker";
import { apiAuthHeaders } from "../helpers/api-auth";
import { attemptHistories, expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { canMountTmpfs, faultConfig, FIELDS, noiseImage, QUOTA, SETTINGS, startEmulator } from "../helpers/fault-setup";
import { createTestDatabase } from "../helpers/test-database";

// Fault injection against the real worker, pg-boss, PostgreSQL and the Gemini emulator; each case says what must hold after.

describe("faults: Gemini and image hosts misbehave while batches run", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let worker: RunningWorker;
  let host: FaultImageHost;
  let config: Config;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-"));

  /** Uploads `count` distinct images and starts one batch over them with `instructions` (emulator markers go there). */
  async function startImageBatch(count: number, instructions?: string) {
    const storage = uploadsStorage(config);
    const images = await Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage()]))), name: `img-${i}.png` })));
    const template = instructions ? await createTemplate(db, { name: `t-${randomBytes(4).toString("hex")}`, instructions, fields: FIELDS }) : null;
    const created = await createBatchesFromRequest(db, config, { images: images.map(({ sha256, name }) => ({ sha256, name })), templateId: template?.id });
    await startCreatedBatches(worker.jobs, created);
    return created.batches[0].id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    emulator = await startEmulator({ min: 5, max: 30 });
    config = faultConfig({ GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir });
    pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: QUOTA });
    worker = await startWorker(db, createImageAnalyzer(config, db, { pool: Promise.resolve(pool) }), SETTINGS, (handlers) =>
      createPgBossEngine({ databaseUrl: database.url, handlers, concurrency: SETTINGS.concurrency }),
    );
    host = await startFaultImageHost(await noiseImage(64));
  });
  afterAll(async () => {
    await worker?.stop();
    await host?.close();
    await pool?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a 429 storm on every key: no image fails for rate limits, each runs once, the batch completes by itself", async () => {
    const stormEnds = Date.now() + 3500;
    emulator.configure({ storm: { until: stormEnds, status: 429, retryDelayMs: 700 } });
    const batchId = await startImageBatch(40);
    const progress = await waitForBatchToFinish(db, batchId, 60_000);
    emulator.configure({ storm: null });

    expect(progress.status).toBe("completed");
    expect(progress.counts).toMatchObject({ total: 40, succeeded: 40, failed: 0, queued: 0, processing: 0 });
    expect(progress.finishedAt!.getTime()).toBeGreaterThan(stormEnds);
    // The storm reached every project, and the pool recorded each refusal as a rate limit, not as a failure.
    for (const project of ["f-a", "f-b", "f-c"]) expect(emulator.stats().projects[project].rejected["429"] ?? 0, project).toBeGreaterThan(0);
    const histories = await attemptHistories(db, batchId);
    expect([...histories.values()].flat().filter((a) => a.code === "rate_limited").length).toBeGreaterThanOrEqual(3);
    for (const history of histories.values()) {
      expect(history.filter((a) => a.code !== "rate_limited")).toEqual([{ code: "ok", status: 200 }]);
    }
    const images = await db.image.findMany({ where: { batchId }, select: { attempts: true, lastErrorCode: true } });
    expect(images.every((image) => image.attempts === 1 && image.lastErrorCode === null)).toBe(true);
    await expectCountersMatchRows(db, batchId);
  });

  it("503 bursts and 500s are retried with backoff (inside a run, then as a new run) and every image succeeds", async () => {
    const [overloaded, internal, longBurst] = await Promise.all([
      startImageBatch(12, "Describe the image. EMULATE:fail-first-2"),
      startImageBatch(12, "Describe the image. EMULATE:fail-first-2-500"),
      startImageBatch(6, "Describe the image. EMULATE:fail-first-4"),
    ]);
    for (const batchId of [overloaded, internal, longBurst]) {
      const progress = await waitForBatchToFinish(db, batchId);
      expect(progress.status).toBe("completed");
      await expectCountersMatchRows(db, batchId);
    }
    const expectEvery = async (batchId: string, history: { code: string; status: number | null }[], runs: number) => {
      const histories = await attemptHistories(db, batchId);
      expect(histories.size).toBeGreaterThan(0);
      for (const actual of histories.values()) expect(actual).toEqual(history);
      expect(await db.image.count({ where: { batchId, NOT: { attempts: runs } } })).toBe(0);
    };
    const o503 = { code: "overloaded", status: 503 };
    const e500 = { code: "server_error", status: 500 };
    const ok = { code: "ok", status: 200 };
    await expectEvery(overloaded, [o503, o503, ok], 1);
    await expectEvery(internal, [e500, e500, ok], 1);
    // Three attempts per run (RETRY_MAX_ATTEMPTS) are not enough for four 503s: the image is requeued and its second run succeeds.
    await expectEvery(longBurst, [o503, o503, o503, o503, ok], 2);
  });

  it("calls that hang past GEMINI_TIMEOUT_MS are classified timeout and retried; none is left processing", async () => {
    const [hangsOnce, hangsAlways] = await Promise.all([
      startImageBatch(6, "Describe the image. EMULATE:fail-first-1-hang"),
      startImageBatch(2, "Describe the image. EMULATE:hang"),
    ]);
    const once = await waitForBatchToFinish(db, hangsOnce);
    expect(once.status).toBe("completed");
    for (const history of (await attemptHistories(db, hangsOnce)).values()) expect(history).toEqual([{ code: "timeout", status: null }, { code: "ok", status: 200 }]);

    const always = await waitForBatchToFinish(db, hangsAlways);
    expect(always.status).toBe("completed_with_errors");
    expect(always.counts).toMatchObject({ failed: 2, processing: 0, queued: 0 });
    const failed = await db.image.findMany({ where: { batchId: hangsAlways } });
    // Three runs of three attempts each, every one a timeout: the image gives up with a clear, retryable-by-people code.
    expect(failed.map((image) => [image.status, image.lastErrorCode, image.attempts])).toEqual([["failed", "timeout", 3], ["failed", "timeout", 3]]);
    expect(failed[0].lastErrorMessage).toMatch(/did not answer in time/);
    for (const history of (await attemptHistories(db, hangsAlways)).values()) expect(history).toEqual(Array(9).fill({ code: "timeout", status: null }));
    await expectCountersMatchRows(db, hangsOnce);
    await expectCountersMatchRows(db, hangsAlways);
  });

  it("the same image again, with the same template and model, is answered from the result cache: no call, no tokens, flagged", async () => {
    const storage = uploadsStorage(config);
    const stored = await storage.put(Readable.from([await noiseImage()]));
    const runBatch = async (name: string) => {
      const created = await createBatchesFromRequest(db, config, { images: [{ sha256: stored.sha256, name }] });
      await startCreatedBatches(worker.jobs, created);
      const progress = await waitForBatchToFinish(db, created.batches[0].id);
      expect(progress.status).toBe("completed");
      return { progress, image: (await db.image.findMany({ where: { batchId: created.batches[0].id } }))[0] };
    };
    const first = await runBatch("first.png");
    expect(first.image).toMatchObject({ status: "succeeded", cached: false });
    expect(first.image.inputTokens).toBeGreaterThan(0);
    // The successful call is in the history, written with the result.
    expect([...(await attemptHistories(db, first.image.batchId)).values()]).toEqual([[{ code: "ok", status: 200 }]]);

    const callsBefore = emulator.stats().requests;
    const second = await runBatch("second.png");
    expect(emulator.stats().requests).toBe(callsBefore);
    expect(second.image).toMatchObject({ status: "succeeded", cached: true, inputTokens: 0, outputTokens: 0, costMicros: 0 });
    expect(second.image.result).toEqual(first.image.result);
    expect(second.progress.counts).toMatchObject({ succeeded: 1, cached: 1 });
    expect((await attemptHistories(db, second.image.batchId)).size).toBe(0);
    await expectCountersMatchRows(db, second.image.batchId);
  });

  it("image hosts that are slow, reset, endless, huge, wrong or refused: each image ends with its code and the batch finishes", async () => {
    const cases: [path: string, status: string, code: string | null, runs: number][] = [
      ["/ok/a.png", "succeeded", null, 1],
      ["/slow/a.png", "succeeded", null, 1],
      ["/reset-once/a.png", "succeeded", null, 2],
      ["/reset/a.png", "failed", "image_unreachable", 3],
      ["/stall/a.png", "failed", "image_unreachable", 3],
      ["/endless/a.png", "failed", "image_too_large", 1],
      ["/declared-huge/a.png", "failed", "image_too_large", 1],
      ["/html/a.png", "failed", "image_unsupported", 1],
      ["/missing/a.png", "failed", "image_not_found", 1],
    ];
    const urls = cases.map(([route]) => `${host.url}${route}`);
    // Loopback is only reachable because FETCH_ALLOWLIST names 127.0.0.1; its neighbour 127.0.0.2 is still refused.
    urls.push("http://127.0.0.2:9/refused.png");
    const created = await createBatchesFromRequest(db, config, { urls, templateId: "local" });
    await startCreatedBatches(worker.jobs, created);
    const batchId = created.batches[0].id;
    const progress = await waitForBatchToFinish(db, batchId);
    expect(progress.status).toBe("completed_with_errors");

    const images = await db.image.findMany({ where: { batchId }, orderBy: { rowNumber: "asc" } });
    const actual = images.map((image) => [new URL(image.sourceUrl!).pathname, image.status, image.lastErrorCode, image.attempts]);
    expect(actual).toEqual([...cases, ["/refused.png", "failed", "image_refused", 1]]);
    for (const image of images.filter((i) => i.status === "failed")) expect(image.lastErrorMessage, image.sourceUrl!).toMatch(/\w{4,}/);
    expect(images.find((i) => i.sourceUrl!.includes("/stall/"))!.lastErrorMessage).toMatch(/did not arrive within 1.5 s|sent nothing for 1.5 s/);
    // A failed fetch is recorded as an attempt with its code, one per run.
    const histories = await attemptHistories(db, batchId);
    expect(histories.get(images[3].id)).toEqual(Array(3).fill({ code: "image_unreachable", status: null }));
    expect(host.hits.get("/reset-once/a.png")).toBe(2);
    await expectCountersMatchRows(db, batchId);
  });
});

describe("faults: PostgreSQL restarts in the middle of a batch", () => {
  const pgDir = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-pg-"));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-restart-"));
  let server: EmbeddedDatabase;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let worker: RunningWorker;
  let batchId: string;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: pgDir });
    await migrateDatabase(server.url);
    db = createPrismaClient(server.url);
    await seedBuiltInTemplates(db);
    emulator = await startEmulator({ min: 150, max: 300 });
    const config = faultConfig({ GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir });
    pool = await createKeyPool(server.url, { keys: config.geminiKeys, limits: QUOTA });
    worker = await startWorker(db, createImageAnalyzer(config, db, { pool: Promise.resolve(pool) }), { ...SETTINGS, leaseSeconds: 15 * 60 }, (handlers) =>
      createPgBossEngine({ databaseUrl: server.url, handlers, concurrency: SETTINGS.concurrency }),
    );
    const storage = uploadsStorage(dataDir);
    const images = await Promise.all(Array.from({ length: 80 }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage()]))), name: `pg-${i}.png` })));
    const created = await createBatchesFromRequest(db, config, { images });
    batchId = created.batches[0].id;
    await startCreatedBatches(worker.jobs, created);
  });
  afterAll(async () => {
    await worker?.stop().catch(() => {});
    await pool?.close().catch(() => {});
    await emulator?.close();
    await db?.$disconnect();
    await server?.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A dropped connection must not end the process either: vitest fails the run on any uncaught 'error' event.
  it("work resumes after the restart and the batch completes, every image succeeded exactly once", { timeout: 90_000 }, async () => {
    await waitFor("some images to succeed", () => getBatchProgress(db, batchId), (p) => p.counts.succeeded >= 8, 30_000, 100);
    const before = await getBatchProgress(db, batchId);
    await server.stop();
    expect(before.counts.succeeded).toBeLessThan(80);
    await new Promise((r) => setTimeout(r, 1500));
    server = await startEmbeddedPostgres({ dataDir: pgDir, port: server.port });

    // Well inside the 15-minute lease: the worker gives back what the outage interrupted, nothing waits for a lease to expire.
    const progress = await waitForBatchToFinish(db, batchId, 45_000);
    expect(progress.status).toBe("completed");
    expect(progress.counts).toMatchObject({ total: 80, succeeded: 80, failed: 0, queued: 0, processing: 0 });
    await expectCountersMatchRows(db, batchId);
    // Counted once: the per-minute throughput (written in the same statement as each success) adds up to the batch.
    const [minutes] = await db.$queryRaw<{ succeeded: number }[]>`SELECT coalesce(sum(succeeded), 0)::int AS succeeded FROM batch_minute_stats WHERE batch_id = ${batchId}::uuid`;
    expect(minutes.succeeded).toBe(80);
    const [incomplete] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM images WHERE batch_id = ${batchId}::uuid AND (result IS NULL OR finished_at IS NULL)`;
    expect(incomplete.n).toBe(0);
  });
});

describe("faults: storage is full", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-quota-"));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  type Route = (request: Request, context: { params: Promise<object> }) => Promise<Response>;
  let uploadImage: Route;
  let uploadCsv: Route;

  const post = async (route: Route, path: string, body: Buffer, fileName: string) => {
    const headers = { ...(await apiAuthHeaders(database.url, "admin")), "x-file-name": fileName };
    const response = await route(new Request(`http://127.0.0.1/api/v1/uploads/${path}`, { method: "POST", body: new Uint8Array(body), headers }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };
  const csvOf = (bytes: number) => Buffer.from(`url\n${"https://example.com/a.jpg\n".repeat(Math.ceil(bytes / 26))}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    // The routes read their configuration from the environment once: set it before they are loaded.
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", STORAGE_QUOTA_MB: "1", MAX_UPLOAD_MB: "4", MAX_CSV_MB: "4" });
    uploadImage = (await import("../../app/api/v1/uploads/images/route")).POST as Route;
    uploadCsv = (await import("../../app/api/v1/uploads/csv/route")).POST as Route;
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("an upload past STORAGE_QUOTA_MB answers 507 with a clear message, and what was stored before is kept", async () => {
    const first = await noiseImage(360); // ~390 KB of noise; the refused one below is ~810 KB
    const kept = await post(uploadImage, "images", first, "first.png");
    expect(kept.status).toBe(201);
    const csv = await post(uploadCsv, "csv", csvOf(20_000), "list.csv");
    expect(csv.status).toBe(201);

    const tooMuchImage = await post(uploadImage, "images", await noiseImage(520), "second.png");
    expect(tooMuchImage.status).toBe(507);
    expect(tooMuchImage.body.error.code).toBe("storage_full");
    expect(tooMuchImage.body.error.message).toMatch(/storage is full.*not saved.*STORAGE_QUOTA_MB/);
    const tooMuchCsv = await post(uploadCsv, "csv", csvOf(700_000), "big.csv");
    expect(tooMuchCsv).toMatchObject({ status: 507, body: { error: { code: "storage_full" } } });

    // Nothing earlier was lost, and the refused uploads left nothing behind (no temp file, no half CSV).
    const storage = uploadsStorage(dataDir);
    expect((await storage.read(kept.body.sha256)).equals(first)).toBe(true);
    expect(readdirSync(path.join(dataDir, "uploads", "tmp"))).toEqual([]);
    expect(readdirSync(path.join(dataDir, "csv")).sort()).toEqual([`${csv.body.uploadId}.csv`, `${csv.body.uploadId}.json`]);
    // A small upload that still fits is accepted.
    expect((await post(uploadImage, "images", await noiseImage(32), "small.png")).status).toBe(201);
  });

  // A real full disk: a 256 KB tmpfs. Mounting needs root (CI and the dev machines run as root); elsewhere this is skipped.
  it.skipIf(!canMountTmpfs())("a real ENOSPC while storing an upload is the same 507, and the disk's earlier files are kept", async () => {
    const mount = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount]);
    try {
      const storage = new LocalStorage(path.join(mount, "uploads"));
      const small = await storeImageUpload(storage, new Blob([new Uint8Array(await noiseImage(32))]).stream(), "small.png", 4 * 1024 * 1024);
      const image = await storeImageUpload(storage, new Blob([new Uint8Array(await noiseImage(360))]).stream(), "big.png", 4 * 1024 * 1024).catch((e) => e);
      expect(image).toBeInstanceOf(LoupeError);
      expect(image).toMatchObject({ status: 507, code: "storage_full" });
      const csv = await storeCsvUpload(mount, new Blob([new Uint8Array(csvOf(400_000))]).stream(), "big.csv", 4 * 1024 * 1024).catch((e) => e);
      expect(csv).toMatchObject({ status: 507, code: "storage_full", message: image.message });
      expect(await storage.exists(small.sha256)).toBe(true);
      expect(readdirSync(path.join(mount, "uploads", "tmp"))).toEqual([]);
      expect(readdirSync(path.join(mount, "csv"))).toEqual([]);
    } finally {
      execFileSync("umount", [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });
});
