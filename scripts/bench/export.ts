// `npm run bench:export [-- --rows N]`: a parent of 1,000,000 images with results ("Part N of M", 5,000 per part, as an
// ingest makes it) exported as CSV, JSONL and XLSX through exportBatch (what GET /api/v1/batches/{id}/export streams),
// each against the floor measured in the same run: a raw `COPY (SELECT the same columns) TO STDOUT (FORMAT csv)` read
// by the same process. Runs alternate (floor, CSV, JSONL, XLSX, floor, …) and the best of each is kept, so a machine
// shared with others slows both sides of a ratio alike.
// Goals: CSV ≥ 0.5 of the floor, JSONL ≥ 0.4, XLSX ≥ 0.2; peak RSS ≤ 250 MB.
import { spawnSync } from "node:child_process";
import { Writable } from "node:stream";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { createPrismaClient } from "../../lib/db/client";
import { rawCopySql } from "../../lib/export/copy-export-sql";
import { exportBatch } from "../../lib/export/export-batch";
import { exportColumns } from "../../lib/export/export-columns";
import type { TemplateField } from "../../lib/templates/schemas";
import { serverNodeOptions } from "../lib/server-node-options";
import { atLeast, atMost, benchDatabase, benchRows, peakRssMb, resetPeakRss, round, shown, writeResult, type Figure } from "./lib";

// Exports run in the server, so they are measured with the V8 settings `npm start` gives it (scripts/start.ts).
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "")) {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS) } });
  process.exit(child.status ?? 1);
}

type Format = "csv" | "jsonl" | "xlsx";
const ROWS = benchRows(1_000_000);
const PART_SIZE = 5000;
const RUNS = Number(process.env.BENCH_RUNS ?? (ROWS > 2_000_000 ? 1 : 3));
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? "csv,jsonl,xlsx").split(",") as Format[];
const GOAL_RATIO: Record<Format, number> = { csv: 0.5, jsonl: 0.4, xlsx: 0.2 };
const GOAL_PEAK_RSS_MB = 250;
const FIELDS: TemplateField[] = [{ name: "caption", type: "string" }, { name: "tags", type: "list", items: { name: "t", type: "string" } }, { name: "score", type: "number" }] as TemplateField[];
const CARRIED = ["sku", "brand", "price"];

const database = await benchDatabase();
const prisma = createPrismaClient(database.url);
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
try {
  const template = await prisma.analysisTemplate.create({ data: { name: "Bench", versions: { create: { version: 1, instructions: "x", fields: FIELDS as object[] } } }, include: { versions: true } });
  const versionId = template.versions[0].id;
  const partCount = Math.ceil(ROWS / PART_SIZE);
  const parent = await prisma.batch.create({ data: { name: "Bench export", kind: "parent", totalParts: partCount, carriedColumns: CARRIED, templateVersionId: versionId, totalImages: ROWS } });
  let seeded = Date.now();
  const { rows: parts } = await pool.query<{ id: string }>(
    `INSERT INTO batches (id, name, kind, parent_batch_id, sequence, total_parts, carried_columns, template_version_id, total_images, status, updated_at)
     SELECT gen_random_uuid(), 'Bench export — Part ' || s || ' of ' || $2, 'part', $1, s, $2, $3, $4, $5, 'completed', now() FROM generate_series(1, $2::int) AS s
     RETURNING id`,
    [parent.id, partCount, CARRIED, versionId, PART_SIZE],
  );
  const partIds = parts.map((part) => part.id);
  // Seeded in slices of a few parts, so no single statement holds millions of rows in memory.
  for (let first = 0; first < partCount; first += 20) {
    await pool.query(
      `INSERT INTO images (batch_id, row_number, name, source_url, status, result, carried, input_tokens, output_tokens, cost_micros, started_at, finished_at, duration_ms, template_version_id, model)
       SELECT ($1::uuid[])[(n - 1) / ${PART_SIZE} + 1 - $2], n, 'image-' || n || '.jpg', 'https://cdn.example.com/p/' || n || '.jpg', 'succeeded',
              jsonb_build_object('caption', 'A red leather bag number ' || n, 'tags', jsonb_build_array('bag', 'red', 'leather'), 'score', round((n % 100) / 100.0, 2)),
              jsonb_build_object('sku', 'SKU-' || n, 'brand', 'Brand ' || (n % 50), 'price', (n % 300)::text),
              258, 42, 182, now() - interval '2 seconds', now(), 1877, $3, 'gemini-2.5-flash'
       FROM generate_series($2::int * ${PART_SIZE} + 1, LEAST(($2::int + 20) * ${PART_SIZE}, $4::int)) AS n`,
      [partIds.slice(first, first + 20), first, versionId, ROWS],
    );
    if ((first + 20) % 200 === 0) console.log(`  seeded ${Math.min(ROWS, (first + 20) * PART_SIZE).toLocaleString("en")} rows in ${round((Date.now() - seeded) / 1000)} s`);
  }
  await pool.query("VACUUM ANALYZE images");
  seeded = Date.now() - seeded;
  console.log(`  seeded and analysed ${ROWS.toLocaleString("en")} rows in ${round(seeded / 1000)} s`);

  const columns = exportColumns({ carriedColumns: CARRIED, fields: FIELDS, resultKeys: [], includeRaw: false });
  const counter = () => {
    let bytes = 0;
    return { sink: new Writable({ write: (chunk: Buffer, _encoding, done) => ((bytes += chunk.length), done()) }), bytes: () => bytes };
  };
  async function floor() {
    const started = process.hrtime.bigint();
    const client = await pool.connect();
    let bytes = 0;
    try {
      for await (const chunk of client.query(copyTo(rawCopySql(columns, partIds))) as AsyncIterable<Buffer>) bytes += chunk.length;
    } finally {
      client.release();
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
  }
  async function exported(format: Format) {
    const started = process.hrtime.bigint();
    const { sink, bytes } = counter();
    const file = await exportBatch(prisma, pool, { batchId: parent.id, format, filters: {}, includeRaw: false, bom: false });
    await new Promise<void>((resolve, reject) => file.stream.on("error", reject).pipe(sink).on("finish", resolve).on("error", reject));
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes: bytes() };
  }

  resetPeakRss();
  const rssBefore = peakRssMb();
  const best: Record<string, { seconds: number; bytes: number }> = {};
  // Each run's own peak (the peak is reset before it), so a peak over the goal names the export that made it.
  const peaks: Record<string, number> = {};
  let peak = rssBefore;
  const keep = async (name: string, running: () => Promise<{ seconds: number; bytes: number }>) => {
    resetPeakRss();
    const run = await running();
    const runPeak = peakRssMb();
    peak = Math.max(peak, runPeak);
    peaks[name] = Math.max(peaks[name] ?? 0, runPeak);
    console.log(`  ${name}: ${round(run.seconds, 2)} s, ${round(run.bytes / 1048576)} MB, peak RSS ${runPeak} MB`);
    if (!best[name] || run.seconds < best[name].seconds) best[name] = run;
  };
  for (let run = 0; run < RUNS; run++) {
    await keep("floor", floor);
    for (const format of FORMATS) await keep(format, () => exported(format));
  }
  await keep("floor", floor);

  const results: Record<string, unknown> = { rows: ROWS, parts: partCount, runs: RUNS, seedSeconds: seeded / 1000, rssBeforeExportMb: rssBefore, peakRssMb: peak, goalPeakRssMb: GOAL_PEAK_RSS_MB };
  const figures: Figure[] = [shown("rows exported (a parent of 5,000-image parts)", ROWS, "rows"), shown("raw COPY TO of the same columns (the floor)", round(best.floor.seconds, 2), "s")];
  for (const format of FORMATS) {
    const ratio = round(best.floor.seconds / best[format].seconds, 2);
    results[format] = { seconds: best[format].seconds, rowsPerSecond: Math.round(ROWS / best[format].seconds), megabytes: round(best[format].bytes / 1048576), ratioToCopy: ratio, goalRatio: GOAL_RATIO[format], peakRssMb: peaks[format] };
    figures.push(shown(`${format.toUpperCase()} export`, round(best[format].seconds, 2), "s"), atLeast(`${format.toUpperCase()} ÷ raw COPY (time of COPY ÷ time of export)`, ratio, "", GOAL_RATIO[format]), shown(`peak RSS during the ${format.toUpperCase()} exports`, peaks[format], "MB"));
  }
  results.floor = { seconds: best.floor.seconds, megabytes: round(best.floor.bytes / 1048576), peakRssMb: peaks.floor };
  figures.push(shown("peak RSS during the raw COPYs", peaks.floor, "MB"));
  figures.push(atMost("peak RSS", peak, "MB", GOAL_PEAK_RSS_MB));
  writeResult("export", results, figures);
} finally {
  await pool.end();
  await prisma.$disconnect();
  await database.stop();
}
