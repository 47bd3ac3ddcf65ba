// `npm run bench:operations [-- --rows N]`: cancel, re-run and delete of a parent of N images (default 1,000,000,
// parts of 5,000, rows written with COPY) through the real server (scripts/start.ts, worker inside), while another
// person's batch page is polled. Each operation must answer at once (200 or 202 with a task), finish without error in
// chunks, and leave the other batch untouched; the figures are the answer times, the time each takes to finish and the
// latency of the other person's requests meanwhile (issue 21: operations at any size).
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { copyLargeParent } from "../../tests/helpers/copy-images";
import { seedBatch } from "../../tests/helpers/seed-batch";
import { createPrismaClient } from "../../lib/db/client";
import { atMost, benchDatabase, benchRows, none, percentile, round, shown, watchMachine, writeResult, type Figure } from "./lib";
import { startLoupeServer } from "./server";

const ROWS = benchRows(1_000_000);
const PER_PART = 5000;
const ANSWER_GOAL_MS = 5000;

const database = await benchDatabase();
const db = createPrismaClient(database.url);
const server = await startLoupeServer("operations", { DATABASE_URL: database.url, MAX_BATCH_SIZE: String(PER_PART) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const seeded = Date.now();
  const big = await copyLargeParent(db, database.url, { parts: Math.ceil(ROWS / PER_PART), perPart: PER_PART, name: "Bench operations", status: "running" });
  const other = await seedBatch(db, { count: 1000, name: "Someone else's batch" });
  console.log(`seeded ${big.total.toLocaleString("en")} images in ${round((Date.now() - seeded) / 1000)} s`);
  const headers = await apiAuthHeaders(database.url, "analyst");
  const person = await apiAuthHeaders(database.url, "viewer", ["read"], "someone-else");
  const machine = watchMachine();

  // Another person keeps their batch page open the whole time.
  const meanwhile: { ms: number; status: number }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const started = performance.now();
      const [page, list] = await Promise.all([
        fetch(`${server.baseUrl}/api/v1/batches/${other.id}`, { headers: person }).then(async (r) => ({ status: r.status, body: (await r.json()) as { counts?: { total: number } } })),
        fetch(`${server.baseUrl}/api/v1/batches?limit=20`, { headers: person }).then(async (r) => (await r.arrayBuffer(), r.status)),
      ]).catch(() => [{ status: 0, body: {} }, 0] as const);
      const ok = page.status === 200 && page.body.counts?.total === 1000 && list === 200;
      meanwhile.push({ ms: performance.now() - started, status: ok ? 200 : page.status || 599 });
      await sleep(250);
    }
  })();

  /** One operation: its answer (status, ms) and, for a 202, the task polled until it ends. */
  async function operation(method: string, path: string) {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/api/v1/${path}`, { method, headers: { ...headers, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
    const answerMs = performance.now() - started;
    const body = (await response.json()) as { task?: { id: string; status: string }; batches?: { id: string }[]; parentId?: string | null };
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    let task = body.task;
    while (task && (task.status === "queued" || task.status === "running")) {
      await sleep(500);
      task = (await (await fetch(`${server.baseUrl}/api/v1/tasks/${task.id}`, { headers })).json()) as { id: string; status: string };
    }
    if (task && task.status !== "succeeded") throw new Error(`${method} ${path}: its task ended ${task.status}: ${JSON.stringify(task)}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${method} ${path}: answered ${response.status} in ${round(answerMs)} ms, done in ${round(seconds)} s`);
    return { status: response.status, answerMs: round(answerMs), seconds: round(seconds), body };
  }

  const cancel = await operation("POST", `batches/${big.parentId}/cancel`);
  const cancelled = await db.image.count({ where: { batchId: { in: big.partIds }, status: "cancelled" } });
  const rerun = await operation("POST", `batches/${big.parentId}/rerun`);
  const rerunId = rerun.body.parentId ?? rerun.body.batches?.[0]?.id ?? null;
  const removeOriginal = await operation("DELETE", `batches/${big.parentId}`);
  const removeRerun = rerunId ? await operation("DELETE", `batches/${rerunId}`) : null;
  polling = false;
  await poller;
  const busy = machine();

  const left = await db.image.count({ where: { batchId: { notIn: [other.id] } } });
  const otherRows = await db.image.count({ where: { batchId: other.id } });
  const latencies = meanwhile.map((sample) => sample.ms);
  const figures: Figure[] = [
    shown("images in the parent", big.total, "images"),
    atMost("cancel: answered in", cancel.answerMs, "ms", ANSWER_GOAL_MS),
    shown("cancel: done in", cancel.seconds, "s"),
    shown("cancel: images cancelled", cancelled, "images"),
    atMost("re-run: answered in", rerun.answerMs, "ms", ANSWER_GOAL_MS),
    shown("re-run: new parent with every image copied in", rerun.seconds, "s"),
    atMost("delete: answered in", removeOriginal.answerMs, "ms", ANSWER_GOAL_MS),
    shown("delete: rows and files removed in", removeOriginal.seconds, "s"),
    shown("delete: rows removed per second", round(big.total / removeOriginal.seconds, 0), "rows/s"),
    ...(removeRerun ? [shown("delete of the re-run: done in", removeRerun.seconds, "s")] : []),
    none("images of the deleted parents left", left),
    none("another person's images touched (of 1,000)", 1000 - otherRows),
    shown("another person's page + list meanwhile p50", percentile(latencies, 50), "ms"),
    shown("another person's page + list meanwhile p95", percentile(latencies, 95), "ms"),
    shown("another person's page + list meanwhile max", round(Math.max(...latencies)), "ms"),
    none("another person's requests that failed", meanwhile.filter((sample) => sample.status !== 200).length),
  ];
  writeResult("operations", { rows: big.total, perPart: PER_PART, cancel, rerun: { ...rerun, body: undefined }, removeOriginal: { ...removeOriginal, body: undefined }, requestsMeanwhile: meanwhile.length, serverLog: server.logFile }, figures, busy);
} finally {
  await server.stop();
  await db.$disconnect();
  await database.stop();
}
