// One run of bench:e2e (scripts/bench/e2e.ts): the real server, its worker, the key pool and the Gemini emulator, fed a
// URL list through `POST /api/v1/batches` and polled until the batch is done. Shared by the small-image runs and the
// 12-megapixel photo run (scripts/bench/e2e-photos.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { RUNNING_BATCH_POLL_MS } from "../../components/batches/detail/types";
import { processCpu, threadCpu } from "./cpu";
import { startEmulatorProcess, startImageServer, type BenchKey } from "./fixtures";
import { benchDatabase, watchMachine } from "./lib";
import { preparationCpuMsPerImage } from "./preparation-cpu";
import { startLoupeServer } from "./server";

export const LATENCY_MS = { min: 150, max: 600 }; // the demo emulator's
/** A distinct emulator key per number. */
export const keyOf = (i: number) => `AIzaBenchE2e${i}xxxxxxxxxxxxxxxxxxxxxxxx`;
const TIMEOUT_MS = 15 * 60_000;
const FINAL = ["completed", "completed_with_errors", "failed", "cancelled"];

interface Progress {
  status: string;
  counts: { succeeded: number; failed: number; cached: number };
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunOptions {
  /** WORKER_CONCURRENCY of the server: images at once in its worker. */
  workerConcurrency: string;
  /** The pictures served in turn (each with its own number, so its own sha256); none: small 320×240 JPEGs. */
  pictures?: Buffer[];
  /** Sample the preparation's cost during the run (a child process; cheap for small images only). */
  samplePreparation: boolean;
  /** How many of the served images the after-run passes prepare (least of three passes). */
  preparationImages: number;
  /** More of the server's environment (e.g. GEMINI_TPM). */
  serverEnv?: Record<string, string>;
}

/**
 * CPU per image of preparing these same images for the model (sharp: decode, auto-rotate, resize, re-encode; issue #4's
 * work, whose cost follows the pictures' size, not the orchestration), measured in this process with the server's
 * defaults while nothing else runs here. All threads count (libvips' and libuv's too). The least of three passes: single
 * passes vary by ±15 %, and the least one subtracts the least from the server's CPU.
 */
async function imagePreparationCpuMs(bytesOf: (n: number) => Buffer, count: number) {
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) passes.push(await preparationCpuMsPerImage(count, (index) => bytesOf(index + 1)));
  return Math.min(...passes);
}

/**
 * The same preparation sampled while the run goes (scripts/bench/prep-sampler.ts, its own process, every 8 s over the
 * first 60 images): this host's speed moves by a third within minutes, and a cost measured after the run can belong to
 * a faster or slower minute than the run's. About 0.2 s of CPU a pass, 2–3 % of one core.
 */
function samplePreparationDuringRun(bytesOf: (n: number) => Buffer, count = 60) {
  const folder = mkdtempSync(path.join(os.tmpdir(), "loupe-prep-sampler-"));
  for (let n = 1; n <= count; n++) writeFileSync(path.join(folder, `${String(n).padStart(4, "0")}.jpg`), bytesOf(n));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/prep-sampler.ts"], { env: { ...process.env, PREP_SAMPLER_DIR: folder }, stdio: ["ignore", "pipe", "inherit"] });
  const samples: number[] = [];
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) samples.push((JSON.parse(line) as { msPerImage: number }).msPerImage);
  });
  return () => {
    child.kill("SIGTERM");
    rmSync(folder, { recursive: true, force: true });
    return samples;
  };
}

/** Every process below `root` (and itself), from /proc. */
function processTree(root: number): number[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${tree[i]}/task`)) tree.push(...readFileSync(`/proc/${tree[i]}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    } catch {
      /* gone meanwhile */
    }
  }
  return tree;
}

/** Resident memory of the server's largest process (the Next server with the worker; scripts/start.ts is a small
 * supervisor), in MB: now (VmRSS) or its peak so far (VmHWM). */
function serverRssMb(root: number, field: "VmRSS" | "VmHWM") {
  const values = processTree(root).map((pid) => {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")) return 0;
      return Math.round(Number(readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024);
    } catch {
      return 0;
    }
  });
  return Math.max(0, ...values);
}

/** One server + emulator + database for one run; the batch goes in through the API and is polled until it ends. */
export async function runThroughApi(name: string, keys: BenchKey[], quota: { perWindow: number; windowMs: number }, imageCount: number, options: RunOptions) {
  const projects = [...new Set(keys.map((k) => k.project))];
  const emulator = await startEmulatorProcess({
    projects: Object.fromEntries(projects.map((p) => [p, { rpm: quota.perWindow, tpm: 100_000_000, rpd: 10_000_000 }])),
    keys: Object.fromEntries(keys.map((k) => [k.key, k.project])),
    windowMs: quota.windowMs,
    latencyMs: LATENCY_MS,
  });
  const images = await startImageServer(imageCount, options.pictures);
  const database = await benchDatabase({ statements: true });
  const server = await startLoupeServer(`e2e-${name}`, {
    DATABASE_URL: database.url, FETCH_ALLOWLIST: "127.0.0.1", GEMINI_BASE_URL: emulator.url, GEMINI_RPM: String(quota.perWindow),
    GEMINI_QUOTA_WINDOW_SECONDS: String(quota.windowMs / 1000), GEMINI_API_KEYS: keys.map((k) => `${k.project}:${k.key}`).join(","),
    WORKER_CONCURRENCY: options.workerConcurrency, ...options.serverEnv,
  });
  let stopSampling: () => number[] = () => [];
  try {
    const headers = await apiAuthHeaders(database.url, "analyst");
    const cpu = processCpu({ server: { pid: server.pid }, postgres: { name: "postgres" } });
    const serverThreads = threadCpu(server.pid);
    const machine = watchMachine();
    const rssBeforeMb = serverRssMb(server.pid, "VmRSS");
    if (options.samplePreparation) stopSampling = samplePreparationDuringRun(images.bytesOf);
    const statements = new pg.Client({ connectionString: database.url });
    await statements.connect();
    await statements.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
    const started = Date.now();
    const created = await fetch(`${server.baseUrl}/api/v1/batches`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ name: `Bench e2e ${name}`, urls: images.urls }) });
    if (created.status !== 201) throw new Error(`creating the batch answered ${created.status}: ${await created.text()}`);
    const batchId = ((await created.json()) as { batches: { id: string }[] }).batches[0].id;
    let progress: Progress;
    for (;;) {
      const response = await fetch(`${server.baseUrl}/api/v1/batches/${batchId}`, { headers });
      progress = (await response.json()) as Progress;
      if (FINAL.includes(progress.status)) break;
      if (Date.now() - started > TIMEOUT_MS) throw new Error(`timed out: ${JSON.stringify(progress.counts)}`);
      await new Promise((r) => setTimeout(r, RUNNING_BATCH_POLL_MS));
    }
    // When the batch finished by the server's record, not when this poll noticed it (up to one interval later).
    const wallMs = Date.parse(progress.finishedAt ?? new Date().toISOString()) - started;
    const cpuSeconds = cpu.seconds();
    const serverThreadSeconds = serverThreads();
    const machineDuring = machine();
    const serverPeakRss = serverRssMb(server.pid, "VmHWM");
    const preparationSamples = stopSampling();
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const { rows: [span] } = await sql.query<{ first: Date; last: Date }>(
      `SELECT min(created_at) AS first, max(created_at) AS last FROM image_attempts WHERE http_status = 200`,
    );
    // When each call was booked on the pool's ledger, in ms after the first: where the time between first and last call went.
    const { rows: calls } = await sql.query<{ ms: number }>(
      `SELECT (extract(epoch FROM at - min(at) OVER ()) * 1000)::int AS ms FROM gemini_requests ORDER BY at`,
    );
    writeFileSync(`bench/out/e2e-${name}-calls.json`, JSON.stringify(calls.map((call) => call.ms)));
    await sql.end();
    // Each statement the server sent (its own round trip: top level only), how often and at what cost to PostgreSQL.
    const { rows: sent } = await statements.query<{ calls: string; ms: number; query: string }>(
      `SELECT calls, round(total_exec_time::numeric, 1)::float AS ms, query FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel ORDER BY calls DESC`,
    );
    await statements.end();
    writeFileSync(`bench/out/e2e-${name}-statements.json`, JSON.stringify(sent.map((row) => ({ ...row, calls: Number(row.calls) })), null, 1));
    const statementsSent = sent.reduce((sum, row) => sum + Number(row.calls), 0);
    const stats = await emulator.stats();
    return {
      wallMs, progress, cpuSeconds, statementsSent, imagePreparationAfterMs: await imagePreparationCpuMs(images.bytesOf, options.preparationImages), preparationSamples, serverThreadSeconds, firstToLastCallMs: span.last.getTime() - span.first.getTime(), machine: machineDuring, projects: projects.length, imagesFetched: images.served(),
      accepted: Object.values(stats.projects).reduce((n, p) => n + p.accepted, 0),
      rejected429: Object.values(stats.projects).reduce((n, p) => n + (p.rejected["429"] ?? 0), 0),
      serverRssBeforeMb: rssBeforeMb, serverPeakRssMb: serverPeakRss, servedBytes: (n: number) => images.bytesOf(n).length,
      serverLog: server.logFile,
    };
  } finally {
    stopSampling();
    await server.stop();
    await database.stop();
    await images.close();
    emulator.stop();
  }
}
