// `npm run bench:e2e`: 1,000 images through the whole pipeline — create batch (URL list) → job worker on pg-boss
// (lib/worker/start-worker.ts) → fetch from a loopback image server → prepare → Gemini analyzer through the key pool
// against the emulator (in its own process) with per-project quotas → completed.
// Quota windows are scaled down (20 s instead of a minute) so the run spans several of them.
// Goals: quota use ratio ≥ 0.95, no failed image.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { createKeyPool } from "../../lib/gemini/key-pool";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { createJobEngine } from "../../lib/jobs";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { startWorker } from "../../lib/worker/start-worker";
import { workerSettings } from "../../lib/worker/worker-settings";
import { benchKeys, startEmulatorProcess, startImageServer } from "./fixtures";
import { atLeast, benchDatabase, none, round, shown, writeResult } from "./lib";

const GOAL_QUOTA_USE = 0.95;
const IMAGES = Number(process.env.BENCH_IMAGES ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
// Requests per project per window: 3 projects × 100 per 20 s = 900 images/min, so 1,000 images take about a minute.
// (The key pool keeps max(250 ms, 1%) of each window in hand; at 20 s that is 1.25%, near the 1% it costs on a real minute.)
const PER_WINDOW = Number(process.env.BENCH_PER_WINDOW ?? 100);
const LATENCY_MS = { min: 150, max: 600 }; // the demo emulator's
const TIMEOUT_MS = 15 * 60_000;

const keys = benchKeys();
const projects = [...new Set(keys.map((k) => k.project))];
const quota = { rpm: PER_WINDOW, tpm: 100_000_000, rpd: 10_000_000 };
const emulator = await startEmulatorProcess({ projects: Object.fromEntries(projects.map((p) => [p, quota])), keys: Object.fromEntries(keys.map((k) => [k.key, k.project])), windowMs: WINDOW_MS, latencyMs: LATENCY_MS });
const images = await startImageServer(IMAGES);
const database = await benchDatabase();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-data-"));
const config = loadConfig({
  NODE_ENV: "production", DATABASE_URL: database.url, DATA_DIR: dataDir, FETCH_ALLOWLIST: "127.0.0.1", LOG_LEVEL: "warn",
  GEMINI_API_KEYS: keys.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_BASE_URL: emulator.url, GEMINI_RPM: String(PER_WINDOW),
  WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY,
});
const db = createPrismaClient(database.url);
const pool = createKeyPool(database.url, { keys, limits: quota, windowMs: WINDOW_MS });
await seedBuiltInTemplates(db);
const worker = await startWorker(db, createImageAnalyzer(config, db, { pool }), workerSettings(config), (handlers) => createJobEngine(config, database.url, handlers));
try {
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const created = await createBatchesFromRequest(db, config, { name: "Bench e2e", urls: images.urls });
  const batchId = created.batches[0].id;
  await startCreatedBatches(worker.jobs, created);
  let progress = await getBatchProgress(db, batchId);
  while (!["completed", "completed_with_errors", "failed", "cancelled"].includes(progress.status)) {
    if (Date.now() - started > TIMEOUT_MS) throw new Error(`timed out: ${JSON.stringify(progress.counts)}`);
    await new Promise((r) => setTimeout(r, 250));
    progress = await getBatchProgress(db, batchId);
  }
  const wallMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  // Quota use as the operator sees it: images per minute over the whole run ÷ the images per minute the quota allows.
  // Stricter, for context: a client with no latency sends a window's quota at once and again each time the window slides,
  // so N calls need floor((N − 1) / quota-per-window) windows from the first to the last; ours: first to last answered call.
  const [span] = await db.$queryRaw<{ first: Date; last: Date }[]>`
    SELECT min(a.created_at) AS first, max(a.created_at) AS last
    FROM image_attempts a JOIN images i ON i.id = a.image_id WHERE i.batch_id = ${batchId}::uuid AND a.http_status = 200`;
  const spanMs = span.last.getTime() - span.first.getTime();
  const stats = await emulator.stats();
  const accepted = Object.values(stats.projects).reduce((n, p) => n + p.accepted, 0);
  const perWindowAll = PER_WINDOW * projects.length;
  const quotaPerMinute = (perWindowAll * 60_000) / WINDOW_MS;
  const idealMs = Math.floor((accepted - 1) / perWindowAll) * WINDOW_MS;
  // Where the time went: calls answered in each window after the first call, and how late each window's burst began.
  const answered = (await db.$queryRaw<{ at: Date }[]>`
    SELECT a.created_at AS at FROM image_attempts a JOIN images i ON i.id = a.image_id WHERE i.batch_id = ${batchId}::uuid AND a.http_status = 200 ORDER BY a.created_at`).map((r) => r.at.getTime() - span.first.getTime());
  const windows = Array.from({ length: Math.ceil(answered.length / perWindowAll) }, (_, k) => ({
    calls: answered.filter((t) => t >= k * WINDOW_MS && t < (k + 1) * WINDOW_MS).length,
    burstLateMs: Math.round(answered[k * perWindowAll] - k * WINDOW_MS),
  }));
  const imagesPerMinute = round(IMAGES / (wallMs / 60_000), 0);
  const quotaUseRatio = round(imagesPerMinute / quotaPerMinute, 3);
  const windowFillRatio = round(idealMs / spanMs, 3);
  const rejected429 = Object.values(stats.projects).reduce((n, p) => n + (p.rejected["429"] ?? 0), 0);
  writeResult(
    "e2e",
    {
      images: IMAGES, status: progress.status, counts: progress.counts, wallSeconds: wallMs / 1000, imagesPerMinute,
      quota: { projects: projects.length, keys: keys.length, perProjectPerWindow: PER_WINDOW, windowMs: WINDOW_MS, imagesPerMinuteAllowed: quotaPerMinute },
      emulatorLatencyMs: LATENCY_MS, workerConcurrency: config.WORKER_CONCURRENCY, callsAccepted: accepted, firstToLastCallSeconds: spanMs / 1000,
      idealSeconds: idealMs / 1000, windows, windowFillRatio, quotaUseRatio, goalQuotaUseRatio: GOAL_QUOTA_USE, rejected429, imagesFetched: images.served(),
      cpuMsPerImage: round((cpu.user + cpu.system) / 1000 / IMAGES, 2),
    },
    [
      shown("images", IMAGES, "images"),
      shown("wall time", round(wallMs / 1000), "s"),
      shown("throughput", imagesPerMinute, "images/min"),
      shown("quota", quotaPerMinute, "images/min"),
      atLeast("quota use ratio (throughput ÷ quota)", quotaUseRatio, "", GOAL_QUOTA_USE),
      shown("window fill (strict, vs. a zero-latency client)", windowFillRatio, ""),
      none("failed images", progress.counts.failed),
      shown("429 answers", rejected429, ""),
      shown("worker CPU per image", round((cpu.user + cpu.system) / 1000 / IMAGES, 2), "ms"),
    ],
  );
} finally {
  await worker.stop();
  await (await pool).close();
  await db.$disconnect();
  await database.stop();
  await images.close();
  emulator.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
