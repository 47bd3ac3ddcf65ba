// `npm run bench:load`: the real server (scripts/start.ts: Next + the worker inside, pg-boss) runs a 5,000-image batch
// against the Gemini emulator while 20 people keep its batch page open (batch progress + first image page, every ~1.5 s)
// and 5 API clients list batches and export the batch as CSV. Reports p50/p95/p99 per endpoint and the batch's rate
// against its quota (goal ≥ 0.95). Bounded: the clients stop when the batch finishes or after BENCH_LOAD_SECONDS.
// The quota is set so the batch would take about a minute at full quota (BENCH_RPM, default = the batch size).
// Fairness: every BENCH_SMALL_EVERY_SECONDS another person starts a 5-image batch while the big one runs; the figure is the
// p95 time from its POST to its first result (goal ≤ 5 s: fair dispatch lets it in within the first rounds).
import pg from "pg";
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { benchKeys, startEmulatorProcess, startImageServer } from "./fixtures";
import { atLeast, atMost, benchDatabase, none, percentile, round, shown, watchMachine, writeResult, type Figure } from "./lib";
import { processCpu } from "./cpu";
import { startLoupeServer } from "./server";

const GOAL_QUOTA_USE = 0.95;
const IMAGES = Number(process.env.BENCH_IMAGES ?? 5000);
const RPM_TOTAL = Number(process.env.BENCH_RPM ?? IMAGES);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 150);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const API_CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 5);
const POLL_MS = 1500;
const MAX_REQUESTS_PER_CLIENT = 1000;
// The shipped default (16) cannot keep 83 calls/s in flight at 150–600 ms a call; a deployment with this quota would raise it.
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 64);
const LATENCY_MS = { min: 150, max: 600 };
const SMALL_BATCHES = Number(process.env.BENCH_SMALL_BATCHES ?? 8);
const SMALL_EVERY_SECONDS = Number(process.env.BENCH_SMALL_EVERY_SECONDS ?? 6);
const SMALL_IMAGES = 5;
const GOAL_FIRST_RESULT_MS = 5000;

const keys = benchKeys();
const projects = [...new Set(keys.map((k) => k.project))];
const perProject = Math.ceil(RPM_TOTAL / projects.length);
const emulator = await startEmulatorProcess({
  projects: Object.fromEntries(projects.map((p) => [p, { rpm: perProject, tpm: 1_000_000_000, rpd: 100_000_000 }])),
  keys: Object.fromEntries(keys.map((k) => [k.key, k.project])),
  latencyMs: LATENCY_MS,
});
const images = await startImageServer(IMAGES + SMALL_BATCHES * SMALL_IMAGES);
const bigUrls = images.urls.slice(0, IMAGES);
const database = await benchDatabase();
const sql = new pg.Pool({ connectionString: database.url, max: 2 });
const server = await startLoupeServer("load", {
  DATABASE_URL: database.url, FETCH_ALLOWLIST: "127.0.0.1", MAX_BATCH_SIZE: "5000", WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  GEMINI_API_KEYS: keys.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_BASE_URL: emulator.url, GEMINI_RPM: String(perProject),
});
const headers = await apiAuthHeaders(database.url, "analyst");
// Each person and each program is its own user with its own token, as in a real team (the per-principal rate limit).
const people = await Promise.all(Array.from({ length: USERS }, (_, i) => apiAuthHeaders(database.url, "viewer", ["read"], `person-${i}`)));
const programs = await Promise.all(Array.from({ length: API_CLIENTS }, (_, i) => apiAuthHeaders(database.url, "analyst", ["read"], `program-${i}`)));

interface Sample {
  endpoint: string;
  ms: number;
  status: number;
}
const samples: Sample[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request, timed until its whole body has arrived. Network errors count as status 0. */
async function timed(endpoint: string, path: string, headers: Record<string, string>) {
  const started = performance.now();
  let status = 0;
  try {
    const response = await fetch(`${server.baseUrl}${path}`, { headers, signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    status = response.status;
  } catch {
    /* status 0 */
  }
  samples.push({ endpoint, ms: performance.now() - started, status });
}

try {
  const cpuOf = processCpu({ server: { pid: server.pid }, postgres: { name: "postgres" }, emulator: { pid: emulator.pid } });
  const selfCpu = process.cpuUsage();
  const machine = watchMachine();
  const created = await fetch(`${server.baseUrl}/api/v1/batches`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ name: "Bench load", urls: bigUrls }) });
  if (created.status !== 201) throw new Error(`creating the batch answered ${created.status}: ${await created.text()}`);
  const batchId = ((await created.json()) as { batches: { id: string }[] }).batches[0].id;
  const started = Date.now();
  let stop = false;

  const user = async (index: number) => {
    await sleep((index * POLL_MS) / USERS); // people did not all open the page at the same instant
    for (let n = 0; !stop && n < MAX_REQUESTS_PER_CLIENT; n++) {
      const tickStarted = Date.now();
      await Promise.all([timed("GET /api/v1/batches/{id}", `/api/v1/batches/${batchId}`, people[index]), timed("GET /api/v1/batches/{id}/images", `/api/v1/batches/${batchId}/images?limit=200`, people[index])]);
      await sleep(Math.max(0, POLL_MS * (0.8 + Math.random() * 0.4) - (Date.now() - tickStarted)));
    }
  };
  const apiClient = async (index: number) => {
    await sleep(index * 400);
    for (let n = 0; !stop && n < MAX_REQUESTS_PER_CLIENT; n++) {
      await timed("GET /api/v1/batches", "/api/v1/batches?limit=50", programs[index]);
      await timed("GET /api/v1/batches/{id}/export (CSV)", `/api/v1/batches/${batchId}/export?format=csv`, programs[index]);
      await sleep(2000);
    }
  };
  // Another person's small batches, started one after another while the big one runs: time to each one's first result.
  const smallPeople = await Promise.all(Array.from({ length: SMALL_BATCHES }, (_, i) => apiAuthHeaders(database.url, "analyst", ["read", "write"], `small-${i}`)));
  const firstResultMs: number[] = [];
  const smallBatches = async () => {
    for (let n = 0; n < SMALL_BATCHES && !stop; n++) {
      await sleep(SMALL_EVERY_SECONDS * 1000);
      const urls = images.urls.slice(IMAGES + n * SMALL_IMAGES, IMAGES + (n + 1) * SMALL_IMAGES);
      const posted = performance.now();
      const response = await fetch(`${server.baseUrl}/api/v1/batches`, { method: "POST", headers: { ...smallPeople[n], "content-type": "application/json" }, body: JSON.stringify({ name: `Small ${n + 1}`, urls }) });
      if (response.status !== 201) throw new Error(`creating a small batch answered ${response.status}: ${await response.text()}`);
      const smallId = ((await response.json()) as { batches: { id: string }[] }).batches[0].id;
      while (!stop && performance.now() - posted < 60_000) {
        const { rows } = await sql.query<{ succeeded: number }>(`SELECT succeeded_count AS succeeded FROM batches WHERE id = $1`, [smallId]);
        if (rows[0]?.succeeded > 0) {
          firstResultMs.push(round(performance.now() - posted, 0));
          break;
        }
        await sleep(50);
      }
    }
  };
  const clients = [...Array.from({ length: USERS }, (_, i) => user(i)), ...Array.from({ length: API_CLIENTS }, (_, i) => apiClient(i)), smallBatches()];

  type BatchRow = { status: string; succeeded: number; failed: number; started_at: Date | null; finished_at: Date | null };
  const readBatch = async () => (await sql.query<BatchRow>(`SELECT status, succeeded_count AS succeeded, failed_count AS failed, started_at, finished_at FROM batches WHERE id = $1`, [batchId])).rows[0];
  let batch = await readBatch();
  while (!["completed", "completed_with_errors", "failed", "cancelled"].includes(batch.status) && Date.now() - started < LOAD_SECONDS * 1000) {
    await sleep(500);
    batch = await readBatch();
  }
  stop = true;
  await Promise.all(clients);
  const machineDuringLoad = machine();
  const cpuSeconds = { ...cpuOf.seconds(), loadClients: round((process.cpuUsage(selfCpu).user + process.cpuUsage(selfCpu).system) / 1e6) };
  const finishedInTime = batch.finished_at !== null;
  if (!finishedInTime) await fetch(`${server.baseUrl}/api/v1/batches/${batchId}/cancel`, { method: "POST", headers });

  // The batch's rate from its own clock: images finished ÷ minutes from its start to its end (or to the cut-off).
  const runMs = (batch.finished_at ?? new Date()).getTime() - (batch.started_at ?? new Date(started)).getTime();
  const done = batch.succeeded + batch.failed;
  const imagesPerMinute = round(done / (runMs / 60_000), 0);
  const quotaUseRatio = round(imagesPerMinute / (perProject * projects.length), 3);
  const byEndpoint = [...new Set(samples.map((s) => s.endpoint))].map((endpoint) => {
    const ms = samples.filter((s) => s.endpoint === endpoint).map((s) => s.ms);
    return { endpoint, requests: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: round(Math.max(...ms)) };
  });
  const errors = samples.filter((s) => s.status < 200 || s.status >= 300);
  const figures: Figure[] = [
    shown("batch images", IMAGES, "images"),
    shown("images finished during the run", done, "images"),
    shown("quota", perProject * projects.length, "images/min"),
    shown("batch throughput under load", imagesPerMinute, "images/min"),
    atLeast("quota use ratio (throughput ÷ quota)", quotaUseRatio, "", GOAL_QUOTA_USE),
    none("failed images", batch.failed),
    shown("small batches started during the big one", SMALL_BATCHES, "batches"),
    shown("small batches that got a first result", firstResultMs.length, "batches"),
    atMost("small batch time to first result p95", firstResultMs.length ? percentile(firstResultMs, 95) : 60_000, "ms", GOAL_FIRST_RESULT_MS),
    shown("small batch time to first result p50", firstResultMs.length ? percentile(firstResultMs, 50) : 60_000, "ms"),
    shown("requests made", samples.length, "requests"),
    none("HTTP errors", errors.length),
    ...byEndpoint.flatMap((e) => [shown(`${e.endpoint} p50`, e.p50, "ms"), shown(`${e.endpoint} p95`, e.p95, "ms"), shown(`${e.endpoint} p99`, e.p99, "ms")]),
    shown("server CPU per finished image (Next + worker)", round((cpuSeconds.server * 1000) / Math.max(1, done)), "ms"),
    shown("PostgreSQL CPU per finished image", round((cpuSeconds.postgres * 1000) / Math.max(1, done)), "ms"),
  ];
  writeResult(
    "load",
    {
      images: IMAGES, users: USERS, apiClients: API_CLIENTS, pollMs: POLL_MS, workerConcurrency: WORKER_CONCURRENCY, emulatorLatencyMs: LATENCY_MS,
      quota: { projects: projects.length, keys: keys.length, rpmPerProject: perProject, imagesPerMinuteAllowed: perProject * projects.length },
      batchStatus: batch.status, finishedInTime, runSeconds: runMs / 1000, imagesFinished: done, failed: batch.failed, imagesPerMinute, quotaUseRatio,
      goalQuotaUseRatio: GOAL_QUOTA_USE, requests: samples.length, errors: errors.length, errorStatuses: [...new Set(errors.map((e) => e.status))], byEndpoint,
      cpuSeconds, serverLog: server.logFile, smallBatches: SMALL_BATCHES, smallBatchFirstResultMs: firstResultMs, goalFirstResultMs: GOAL_FIRST_RESULT_MS,
    },
    figures,
    machineDuringLoad,
  );
} finally {
  await server.stop();
  await sql.end();
  await database.stop();
  await images.close();
  emulator.stop();
}
