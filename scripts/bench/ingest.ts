// `npm run bench:ingest`: a CSV of 1,000,000 image URLs (url + 3 columns) through the real HTTP endpoints of the real
// server, as the New batch page sends it: the raw file streamed to `POST /api/v1/uploads/csv` (stored, sniffed, previewed),
// then `POST /api/v1/batches` with its column mapping (streaming reader, URL validation, "Part N of M" split at
// MAX_BATCH_SIZE). The worker is off so the figure is ingestion alone.
// Goals: ≤ 30 s from the first byte of the upload to the batches' 201; peak RSS of the server process ≤ 400 MB.
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { atMost, benchDatabase, round, shown, writeResult } from "./lib";
import { startLoupeServer } from "./server";

const GOAL_SECONDS_FOR_1M = 30;
const GOAL_PEAK_RSS_MB = 400;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const MAX_BATCH_SIZE = Number(process.env.MAX_BATCH_SIZE ?? 5000);

const workDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-ingest-"));
const csvFile = path.join(workDir, "images.csv");

// url, name, sku, brand: the shape of a product-feed export; sku and brand are carried into the results.
async function* csvLines() {
  yield "url,name,sku,brand\n";
  const CHUNK = 10_000;
  for (let start = 1; start <= ROWS; start += CHUNK) {
    let text = "";
    for (let n = start; n < Math.min(start + CHUNK, ROWS + 1); n++) text += `https://cdn.example.com/products/${n}/main.jpg,product-${n}.jpg,SKU-${n},Brand ${n % 97}\n`;
    yield text;
  }
}

/** The server's own processes: scripts/start.ts and what it spawned (the Next server). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}
const status = (pid: number, field: string) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
/** The server process is the largest of the tree (scripts/start.ts is a small supervisor; PostgreSQL is not in it). */
const serverProcess = (root: number) => processTree(root).filter((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")).sort((a, b) => status(b, "VmRSS") - status(a, "VmRSS"))[0];

let written = Date.now();
await pipeline(Readable.from(csvLines()), createWriteStream(csvFile));
written = Date.now() - written;

const database = await benchDatabase();
const server = await startLoupeServer("ingest", { DATABASE_URL: database.url, WORKER: "off", MAX_BATCH_SIZE: String(MAX_BATCH_SIZE) });
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
try {
  const headers = await apiAuthHeaders(database.url, "analyst");
  const pid = serverProcess(server.pid);
  writeFileSync(`/proc/${pid}/clear_refs`, "5"); // the peak from here on: the ingest's, not the build's or the start's
  const rssBefore = round(status(pid, "VmHWM"), 0);
  const started = Date.now();
  const uploaded = await fetch(`${server.baseUrl}/api/v1/uploads/csv`, {
    method: "POST", headers: { ...headers, "content-type": "text/csv", "x-file-name": "images.csv" },
    body: Readable.toWeb(createReadStream(csvFile)) as ReadableStream, duplex: "half",
  } as RequestInit);
  if (uploaded.status !== 201) throw new Error(`the upload answered ${uploaded.status}: ${await uploaded.text()}`);
  const uploadSeconds = (Date.now() - started) / 1000;
  const peakAfterUpload = round(status(pid, "VmHWM"), 0);
  const { uploadId } = (await uploaded.json()) as { uploadId: string };
  const created = await fetch(`${server.baseUrl}/api/v1/batches`, {
    method: "POST", headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ name: "images", uploadId, mapping: { url: "url", name: "name", carry: ["sku", "brand"] } }),
  });
  if (created.status !== 201) throw new Error(`creating the batches answered ${created.status}: ${await created.text()}`);
  const seconds = (Date.now() - started) / 1000;
  const peak = round(status(pid, "VmHWM"), 0);
  const body = (await created.json()) as { batches: { name: string }[]; rejected: number };

  // The rows really are there, split as promised.
  const { rows: [{ images }] } = await sql.query<{ images: number }>(`SELECT count(*)::int AS images FROM images`);
  const expectedParts = Math.ceil(ROWS / MAX_BATCH_SIZE);
  if (images !== ROWS || body.batches.length !== expectedParts || body.rejected !== 0) {
    throw new Error(`ingest mismatch: ${images} image rows, ${body.batches.length} parts (expected ${ROWS}, ${expectedParts}), ${body.rejected} rejected`);
  }
  const rowsPerSecond = Math.round(ROWS / seconds);
  const secondsFor1M = round(1_000_000 / rowsPerSecond, 1);
  writeResult(
    "ingest",
    {
      rows: ROWS, csvMegabytes: round(statSync(csvFile).size / 1048576), csvWriteSeconds: written / 1000, maxBatchSize: MAX_BATCH_SIZE,
      parts: body.batches.length, lastPartName: body.batches.at(-1)?.name, uploadSeconds, seconds, rowsPerSecond, secondsFor1M,
      serverRssBeforeMb: rssBefore, serverPeakRssAfterUploadMb: peakAfterUpload, serverPeakRssMb: peak, goalSecondsFor1M: GOAL_SECONDS_FOR_1M, goalPeakRssMb: GOAL_PEAK_RSS_MB, serverLog: server.logFile,
    },
    [
      shown("rows ingested", ROWS, "rows"),
      shown("upload (stored and previewed)", round(uploadSeconds), "s"),
      shown("throughput, upload to batches created", rowsPerSecond, "rows/s"),
      atMost(ROWS === 1_000_000 ? "time for 1M rows" : "time for 1M rows (extrapolated)", secondsFor1M, "s", GOAL_SECONDS_FOR_1M),
      shown("server RSS before the upload", rssBefore, "MB"),
      shown("server peak RSS after the upload, before the batches", peakAfterUpload, "MB"),
      atMost("server peak RSS", peak, "MB", GOAL_PEAK_RSS_MB),
    ],
  );
} finally {
  await sql.end();
  await server.stop();
  await database.stop();
  rmSync(workDir, { recursive: true, force: true });
}
