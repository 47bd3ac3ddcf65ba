// `npm run bench:batch`: 100,000 images through the Gemini Batch API engine against the emulator (in its own process):
// requests prepared and written as JSONL, uploaded with the resumable Files API, jobs created and polled, results applied.
// Goals: results applied ≥ 20,000 images/min; peak RSS of the engine's process ≤ 400 MB. Also shown: JSONL written and
// uploaded (MB/s), jobs, wall time.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { poolOf, sql } from "../../lib/db/sql";
import { createKeyPool } from "../../lib/gemini/key-pool";
import { uploadsStorage } from "../../lib/storage";
import { createTemplate } from "../../lib/templates/manage-templates";
import { startEmulatorProcess } from "./fixtures";
import { serverNodeOptions } from "../lib/server-node-options";
import { atLeast, atMost, benchDatabase, round, shown, writeResult, type Figure } from "./lib";

const IMAGES = Number(process.env.BENCH_IMAGES ?? 100_000);
const PER_JOB = Number(process.env.BENCH_PER_JOB ?? 20_000);
const KEYS = [{ key: "AIzaBenchBatch0xxxxxxxxxxxxxxxxxxxxxxxx", project: "bench-batch" }];

const database = await benchDatabase();
const emulator = await startEmulatorProcess({
  projects: { "bench-batch": { rpm: 1000, tpm: 10_000_000, rpd: 10_000_000 } },
  keys: Object.fromEntries(KEYS.map((k) => [k.key, k.project])),
  batch: { pendingMs: 200, runningMs: 500 },
} as Parameters<typeof startEmulatorProcess>[0]);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-batch-"));
const db = createPrismaClient(database.url);
try {
  const config = loadConfig({ GEMINI_API_KEYS: KEYS.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir });
  const pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: { rpm: 1000, tpm: 10_000_000, rpd: 10_000_000 } });
  await pool.close(); // registers the keys (what an app process does at start)
  const template = await createTemplate(db, { name: "Bench batch", instructions: "Caption the image and list three tags.", fields: [{ name: "caption", type: "string", required: true }, { name: "tags", type: "list", items: { name: "tag", type: "string" } }] });

  // Distinct small images (each its own sha256, so none is answered from the result cache), stored as uploads are.
  let seeded = Date.now();
  const storage = uploadsStorage(dataDir);
  const shas: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const png = await sharp(randomBytes(16 * 16 * 3), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer();
    shas.push((await storage.putBuffer(png, createHash("sha256").update(png).digest("hex"))).sha256);
  }
  const batch = await db.batch.create({ data: { name: "Bench batch mode", status: "running", source: "upload", mode: "batch", engine: "batch", templateVersionId: template.versions[0].id, model: "gemini-2.5-flash", totalImages: IMAGES, queuedCount: IMAGES } });
  await poolOf(db).query(sql`
    INSERT INTO images (batch_id, row_number, name, sha256, mime_type) SELECT ${batch.id}::uuid, n, 'img-' || n || '.png', sha, 'image/png'
    FROM unnest(${shas}::text[]) WITH ORDINALITY AS t(sha, n)`);
  seeded = Date.now() - seeded;

  // The engine runs in its own process with the server's V8 settings, so its peak RSS is the engine's, not the seeding's.
  // Tier 2's cap for 2.5 Flash (400 M enqueued tokens): the engine, not the cap, is what is measured.
  const engineEnv = { GEMINI_API_KEYS: KEYS.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_BASE_URL: emulator.url, GEMINI_BATCH_MAX_REQUESTS: String(PER_JOB), GEMINI_BATCH_ENQUEUED_TOKENS: "400000000", GEMINI_BATCH_POLL_SECONDS: "0.25", DATA_DIR: dataDir };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/batch-engine.ts"], {
    env: { ...process.env, DATABASE_URL: database.url, BENCH_ENGINE_ENV: JSON.stringify(engineEnv), BENCH_BATCH_ID: batch.id, NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = output.split("\n").find((text) => text.startsWith("ENGINE_RESULT "));
  if (code !== 0 || !line) throw new Error(`the engine's process failed (code ${code}): ${output.slice(-2000)}`);
  const engine = JSON.parse(line.slice("ENGINE_RESULT ".length)) as { phaseMs: Record<string, number>; wallSeconds: number; peakRssMb: number };
  const phaseMs = engine.phaseMs;
  const wallSeconds = engine.wallSeconds;
  const { rows: jobs } = await poolOf(db).query<{ n: number; bytes: string }>(sql`SELECT count(*)::int AS n, sum(input_bytes)::text AS bytes FROM gemini_batch_jobs WHERE batch_id = ${batch.id}::uuid`);
  const { rows: done } = await poolOf(db).query<{ succeeded: number; failed: number }>(sql`SELECT succeeded_count AS succeeded, failed_count AS failed FROM batches WHERE id = ${batch.id}::uuid`);
  const megabytes = Number(jobs[0].bytes) / 1_048_576;
  const writeSeconds = (phaseMs.preparing ?? 0) / 1000;
  const uploadSeconds = (phaseMs.uploading ?? 0) / 1000;
  const applySeconds = (phaseMs.applying ?? 0) / 1000;
  const appliedPerMinute = Math.round((done[0].succeeded / Math.max(applySeconds, 0.001)) * 60);
  const figures: Figure[] = [
    shown("images", IMAGES, "images"),
    shown("remote jobs", jobs[0].n, "jobs"),
    shown("JSONL written (prepare + write)", round(megabytes / Math.max(writeSeconds, 0.001)), "MB/s"),
    shown("JSONL uploaded (Files API, resumable)", round(megabytes / Math.max(uploadSeconds, 0.001)), "MB/s"),
    atLeast("results applied", appliedPerMinute, "images/min", 20_000),
    atMost("peak RSS of the engine's process", engine.peakRssMb, "MB", 400),
    shown("failed images", done[0].failed, "images"),
    shown("wall time, first job to last result", round(wallSeconds), "s"),
  ];
  writeResult("batch", { images: IMAGES, perJob: PER_JOB, seedSeconds: seeded / 1000, megabytes: round(megabytes), phaseSeconds: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, v / 1000])), wallSeconds, succeeded: done[0].succeeded, failed: done[0].failed }, figures);
} finally {
  emulator.stop();
  await db.$disconnect();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
