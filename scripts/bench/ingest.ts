// `npm run bench:ingest [-- --rows N]`: a CSV of 1,000,000 image URLs (url + 3 columns) through the real HTTP endpoints of
// the real server, as the New batch page sends it: the raw file streamed to `POST /api/v1/uploads/csv` (stored, sniffed,
// previewed), then `POST /api/v1/batches` with its column mapping (streaming reader, URL validation, "Part N of M" split
// at MAX_BATCH_SIZE). The worker is off so the figure is ingestion alone. The floor, measured in the
// same run before and after (the faster kept): a raw `COPY … FROM STDIN (FORMAT csv)` of the same file into an unlogged
// table of four text columns, from this process.
// Goals: ingest ≥ 0.2 of the floor (time of COPY ÷ time of upload-to-201); peak RSS of the server process ≤ 400 MB.
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { atLeast, atMost, benchDatabase, benchRows, round, shown, writeResult } from "./lib";
import { startLoupeServer } from "./server";
import { postJson } from "./post-json";

const GOAL_RATIO = 0.2;
const GOAL_PEAK_RSS_MB = 400;
const ROWS = benchRows(1_000_000);
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
/** The floor: the same file COPYed raw into an unlogged table (emptied first), timed from the first byte. */
async function rawCopy() {
  await sql.query("DROP TABLE IF EXISTS bench_raw_csv; CREATE UNLOGGED TABLE bench_raw_csv (url text, name text, sku text, brand text)");
  const started = Date.now();
  await pipeline(createReadStream(csvFile), sql.query(copyFrom("COPY bench_raw_csv FROM STDIN (FORMAT csv, HEADER true)")));
  const seconds = (Date.now() - started) / 1000;
  await sql.query("DROP TABLE bench_raw_csv");
  return seconds;
}
try {
  const floorBefore = await rawCopy();
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
  const created = await postJson(`${server.baseUrl}/api/v1/batches`, headers, JSON.stringify({ name: "images", uploadId, mapping: { url: "url", name: "name", carry: ["sku", "brand"] } }));
  if (created.status !== 201) throw new Error(`creating the batches answered ${created.status}: ${created.text}`);
  const seconds = (Date.now() - started) / 1000;
  const peak = round(status(pid, "VmHWM"), 0);
  const body = JSON.parse(created.text) as { batches: { name: string }[]; rejected: number };

  // The rows really are there, split as promised.
  const { rows: [{ images }] } = await sql.query<{ images: number }>(`SELECT count(*)::int AS images FROM images`);
  const expectedParts = Math.ceil(ROWS / MAX_BATCH_SIZE);
  if (images !== ROWS || body.batches.length !== expectedParts || body.rejected !== 0) {
    throw new Error(`ingest mismatch: ${images} image rows, ${body.batches.length} parts (expected ${ROWS}, ${expectedParts}), ${body.rejected} rejected`);
  }
  const rowsPerSecond = Math.round(ROWS / seconds);
  const floorAfter = await rawCopy();
  const floor = Math.min(floorBefore, floorAfter);
  const ratio = round(floor / seconds, 3);
  writeResult(
    "ingest",
    {
      rows: ROWS, csvMegabytes: round(statSync(csvFile).size / 1048576), csvWriteSeconds: written / 1000, maxBatchSize: MAX_BATCH_SIZE,
      parts: body.batches.length, lastPartName: body.batches.at(-1)?.name, uploadSeconds, seconds, rowsPerSecond, rawCopySeconds: [floorBefore, floorAfter], ratioToCopy: ratio,
      serverRssBeforeMb: rssBefore, serverPeakRssAfterUploadMb: peakAfterUpload, serverPeakRssMb: peak, goalRatio: GOAL_RATIO, goalPeakRssMb: GOAL_PEAK_RSS_MB, serverLog: server.logFile,
    },
    [
      shown("rows ingested", ROWS, "rows"),
      shown("upload (stored and previewed)", round(uploadSeconds), "s"),
      shown("upload to batches created", round(seconds, 2), "s"),
      shown("throughput, upload to batches created", rowsPerSecond, "rows/s"),
      shown("raw COPY FROM of the file into an unlogged table (the floor; faster of before and after)", round(floor, 2), "s"),
      atLeast("ingest ÷ raw COPY (time of COPY ÷ time of ingest)", ratio, "", GOAL_RATIO),
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
