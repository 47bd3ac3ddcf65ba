// `npm run bench:export`: 1,000,000 stored results exported as CSV and XLSX through the real streaming code.
// Goals: CSV ≥ 100,000 rows/s, XLSX ≥ 30,000 rows/s, peak RSS ≤ 250 MB.
import { Writable } from "node:stream";
import pg from "pg";
import { createPrismaClient } from "../../lib/db/client";
import { exportBatch } from "../../lib/export/export-batch";
import { atLeast, atMost, benchDatabase, peakRssMb, resetPeakRss, shown, writeResult, type Figure } from "./lib";
import { spawnSync } from "node:child_process";
import { serverNodeOptions } from "../lib/server-node-options";

// Exports run in the server, so they are measured with the V8 settings `npm start` gives it (scripts/start.ts).
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "")) {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS) } });
  process.exit(child.status ?? 1);
}

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? "csv,xlsx").split(",") as ("csv" | "xlsx")[];
const database = await benchDatabase();
const prisma = createPrismaClient(database.url);
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
try {
  const template = await prisma.analysisTemplate.create({
    data: { name: "Bench", versions: { create: { version: 1, instructions: "x", fields: [{ name: "caption", type: "string" }, { name: "tags", type: "list", items: { name: "t", type: "string" } }, { name: "score", type: "number" }] } } },
    include: { versions: true },
  });
  const batch = await prisma.batch.create({ data: { name: "Bench export", carriedColumns: ["sku", "brand", "price"], templateVersionId: template.versions[0].id, totalImages: ROWS } });
  let seeded = Date.now();
  await pool.query(
    `INSERT INTO images (batch_id, row_number, name, source_url, status, result, carried, input_tokens, output_tokens, cost_micros, finished_at, template_version_id, model)
     SELECT $1, n, 'image-' || n || '.jpg', 'https://cdn.example.com/p/' || n || '.jpg', 'succeeded',
            jsonb_build_object('caption', 'A red leather bag number ' || n, 'tags', jsonb_build_array('bag', 'red', 'leather'), 'score', (n % 100) / 100.0),
            jsonb_build_object('sku', 'SKU-' || n, 'brand', 'Brand ' || (n % 50), 'price', (n % 300)::text),
            258, 42, 182, now(), $2, 'gemini-2.5-flash'
     FROM generate_series(1, $3::int) AS n`,
    [batch.id, template.versions[0].id, ROWS],
  );
  seeded = Date.now() - seeded;
  resetPeakRss();
  const results: Record<string, unknown> = { rows: ROWS, seedSeconds: seeded / 1000, rssBeforeExportMb: peakRssMb() };
  const figures: Figure[] = [shown("rows exported", ROWS, "rows")];
  for (const format of FORMATS) {
    const started = Date.now();
    let bytes = 0;
    const file = await exportBatch(prisma, pool, { batchId: batch.id, format, filters: {}, includeRaw: false, bom: false });
    await new Promise<void>((resolve, reject) =>
      file.stream.pipe(new Writable({ write: (chunk, _e, done) => ((bytes += chunk.length), done()) })).on("finish", resolve).on("error", reject),
    );
    const seconds = (Date.now() - started) / 1000;
    results[format] = { peakRssAfterMb: peakRssMb(), seconds, rowsPerSecond: Math.round(ROWS / seconds), megabytes: Math.round(bytes / 1048576), goalRowsPerSecond: format === "csv" ? 100_000 : 30_000 };
    figures.push(atLeast(`${format.toUpperCase()} throughput`, Math.round(ROWS / seconds), "rows/s", format === "csv" ? 100_000 : 30_000));
  }
  results.peakRssMb = peakRssMb();
  results.goalPeakRssMb = 250;
  figures.push(atMost("peak RSS", peakRssMb(), "MB", 250));
  writeResult("export", results, figures);
} finally {
  await pool.end();
  await prisma.$disconnect();
  await database.stop();
}
