// `npm run bench:ingest`: a CSV of 1,000,000 image URLs through the real ingestion path (createBatchesFromCsv: streaming
// reader, URL validation, "Part N of M" split at MAX_BATCH_SIZE) into a fresh database.
// Goals: 1,000,000 rows in ≤ 60 s; peak RSS of the ingesting process ≤ 300 MB.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createPrismaClient } from "../../lib/db/client";
import { createBatchesFromCsv } from "../../lib/ingest/create-batches-from-csv";
import { atMost, benchDatabase, peakRssMb, resetPeakRss, round, shown, writeResult } from "./lib";

const GOAL_SECONDS_FOR_1M = 60;
const GOAL_PEAK_RSS_MB = 300;
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
let written = Date.now();
await pipeline(Readable.from(csvLines()), createWriteStream(csvFile));
written = Date.now() - written;

const database = await benchDatabase();
const prisma = createPrismaClient(database.url);
try {
  // The peak is the ingest's alone: not the CSV generation above (the server receives the file as an upload).
  resetPeakRss();
  const rssBefore = peakRssMb();
  const started = Date.now();
  const created = await createBatchesFromCsv(prisma, {
    file: csvFile,
    fileName: "images.csv",
    reportFile: path.join(workDir, "report.csv"),
    mapping: { url: "url", name: "name", carry: ["sku", "brand"] },
    maxBatchSize: MAX_BATCH_SIZE,
  });
  const seconds = (Date.now() - started) / 1000;
  const peak = peakRssMb();

  // The rows really are there, split as promised.
  const [{ images }] = await prisma.$queryRaw<{ images: number }[]>`SELECT count(*)::int AS images FROM images`;
  const expectedParts = Math.ceil(ROWS / MAX_BATCH_SIZE);
  if (images !== ROWS || created.batches.length !== expectedParts || created.rejected !== 0) {
    throw new Error(`ingest mismatch: ${images} image rows, ${created.batches.length} parts (expected ${ROWS}, ${expectedParts}), ${created.rejected} rejected`);
  }
  const rowsPerSecond = Math.round(ROWS / seconds);
  const secondsFor1M = round(1_000_000 / rowsPerSecond, 1);
  writeResult(
    "ingest",
    {
      rows: ROWS, csvMegabytes: round(statSync(csvFile).size / 1048576), csvWriteSeconds: written / 1000, maxBatchSize: MAX_BATCH_SIZE,
      parts: created.batches.length, lastPartName: created.batches.at(-1)?.name, seconds, rowsPerSecond, secondsFor1M,
      rssBeforeIngestMb: rssBefore, peakRssMb: peak, goalSecondsFor1M: GOAL_SECONDS_FOR_1M, goalPeakRssMb: GOAL_PEAK_RSS_MB,
    },
    [
      shown("rows ingested", ROWS, "rows"),
      shown("throughput", rowsPerSecond, "rows/s"),
      atMost(ROWS === 1_000_000 ? "time for 1M rows" : "time for 1M rows (extrapolated)", secondsFor1M, "s", GOAL_SECONDS_FOR_1M),
      atMost("peak RSS", peak, "MB", GOAL_PEAK_RSS_MB),
    ],
  );
} finally {
  await prisma.$disconnect();
  await database.stop();
  rmSync(workDir, { recursive: true, force: true });
}
