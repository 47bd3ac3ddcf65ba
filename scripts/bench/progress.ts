// `npm run bench:progress`: what the batch page reads, on 1,000,000 image rows with mixed statuses — progress
// (lib/batches/get-batch-progress.ts) and the image list's first page and a deep keyset page (lib/batches/list-images.ts),
// and the results table's reads on the same rows: its first page (results included), field filters on a common value
// (verdict = fail, 1 in 20 of the finished), a rare one (category = umbrella, 1 in 1,000) and a number range, and a page sorted by a field.
// Two shapes: one batch of 1M rows, and the parent of 200 parts that a 1M-row CSV becomes (MAX_BATCH_SIZE 5000).
// Goal: p95 ≤ 50 ms for each read (measured in this process: Prisma + PostgreSQL, no HTTP).
// `-- --keep`: after the run, the seeded database stays up (its URL and the batches' ids printed) until Ctrl-C, for EXPLAIN.
import pg from "pg";
import { getBatchProgress, getBatchProgressWithParts } from "../../lib/batches/get-batch-progress";
import { batchMemberIds, listImages } from "../../lib/batches/list-images";
import { createPrismaClient } from "../../lib/db/client";
import { parseFieldFilter, type FieldFilter } from "../../lib/results/parse-field-filter";
import { atMost, benchDatabase, percentile, round, shown, writeResult, type Figure } from "./lib";

const GOAL_P95_MS = 50;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PART_SIZE = 5000;
const PAGE = 200; // what the batch page's image table asks for
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 20;

const database = await benchDatabase();
const prisma = createPrismaClient(database.url);
const sql = new pg.Pool({ connectionString: database.url, max: 2 });

// Rows in order of arrival, like a running batch: the first 60% finished (1 in 12 failed), then 2% processing, the rest queued.
const STATUS_OF_N = `CASE WHEN n <= $2::int * 0.60 THEN (CASE WHEN n % 12 = 0 THEN 'failed' ELSE 'succeeded' END)
                          WHEN n <= $2::int * 0.62 THEN 'processing' ELSE 'queued' END::"ImageStatus"`;

async function seedImages(batchIds: string[], perBatch: number) {
  await sql.query(
    `INSERT INTO images (batch_id, row_number, name, source_url, status, attempts, last_error_code, last_error_message, result, input_tokens, output_tokens, finished_at, duration_ms)
     SELECT b.id, n, 'product-' || n || '.jpg', 'https://cdn.example.com/products/' || n || '/main.jpg', s.status,
            CASE WHEN s.status IN ('succeeded', 'failed') THEN 1 ELSE 0 END,
            CASE WHEN s.status = 'failed' THEN (ARRAY['image_unreachable', 'blocked', 'bad_output'])[1 + n % 3] END,
            CASE WHEN s.status = 'failed' THEN 'The image could not be fetched (HTTP 404).' END,
            CASE WHEN s.status = 'succeeded' THEN jsonb_build_object('caption', 'A red leather bag number ' || n, 'tags', jsonb_build_array('bag', 'red'), 'score', (n % 100) / 100.0,
              'category', CASE WHEN n % 1000 = 7 THEN 'umbrella' ELSE (ARRAY['shoes', 'bags', 'shirts', 'hats', 'mugs', 'lamps', 'tables', 'watches'])[1 + n % 8] END,
              'verdict', CASE WHEN n % 20 = 3 THEN 'fail' ELSE 'pass' END, 'confidence', (n::bigint * 7919 % 1000) / 1000.0,
              'objects', jsonb_build_array(jsonb_build_object('label', 'bag', 'box', jsonb_build_array(10, 20, 300, 400)))) END,
            CASE WHEN s.status = 'succeeded' THEN 258 ELSE 0 END, CASE WHEN s.status = 'succeeded' THEN 42 ELSE 0 END,
            CASE WHEN s.status IN ('succeeded', 'failed') THEN now() - make_interval(secs => ($2::int - n) / 500.0) END,
            CASE WHEN s.status IN ('succeeded', 'failed') THEN 800 + n % 900 END
     FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, part), generate_series(1, $2::int) AS n,
          LATERAL (SELECT ${STATUS_OF_N} AS status) AS s`,
    [batchIds, perBatch],
  );
  // The counters and per-minute stats the worker would have kept.
  await sql.query(
    `UPDATE batches b SET total_images = c.total, queued_count = c.queued, processing_count = c.processing, succeeded_count = c.succeeded,
            failed_count = c.failed, input_tokens = c.input_tokens, output_tokens = c.output_tokens, status = 'running', started_at = now() - interval '40 minutes'
     FROM (SELECT batch_id, count(*)::int AS total, count(*) FILTER (WHERE status = 'queued')::int AS queued,
                  count(*) FILTER (WHERE status = 'processing')::int AS processing, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
                  count(*) FILTER (WHERE status = 'failed')::int AS failed, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
           FROM images WHERE batch_id = ANY($1::uuid[]) GROUP BY batch_id) c
     WHERE b.id = c.batch_id`,
    [batchIds],
  );
  await sql.query(
    `INSERT INTO batch_minute_stats (batch_id, minute, succeeded, failed, tokens)
     SELECT id, date_trunc('minute', now()) - make_interval(mins => m), 300, 25, 300 * 300 FROM unnest($1::uuid[]) AS id, generate_series(0, 39) AS m`,
    [batchIds],
  );
}

async function time(label: string, read: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await read();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await read();
    samples.push(performance.now() - started);
  }
  return { label, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: round(Math.max(...samples)) };
}

/** A slow read (hundreds of ms): a few samples are enough. */
async function timeFew(label: string, read: () => Promise<unknown>) {
  await read();
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await read();
    samples.push(performance.now() - started);
  }
  return { label, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: round(Math.max(...samples)) };
}

try {
  let seeded = Date.now();
  const single = await prisma.batch.create({ data: { name: "Bench 1M", source: "csv", status: "running" } });
  await seedImages([single.id], ROWS);
  const parent = await prisma.batch.create({ data: { name: "Bench 1M CSV", kind: "parent", source: "csv", status: "running", totalParts: Math.ceil(ROWS / PART_SIZE) } });
  const parts = await prisma.batch.createManyAndReturn({
    data: Array.from({ length: Math.ceil(ROWS / PART_SIZE) }, (_, i) => ({ name: `Bench 1M CSV — Part ${i + 1}`, kind: "part" as const, parentBatchId: parent.id, sequence: i + 1, source: "csv" as const, status: "running" as const })),
    select: { id: true },
  });
  await seedImages(parts.map((p) => p.id), PART_SIZE);
  await sql.query("ANALYZE"); // autovacuum would have done so after inserts this size
  seeded = Date.now() - seeded;

  // A deep page: the keyset cursor 90% of the way into the list.
  const deepCursor = async (batchIds: string[]) =>
    String((await sql.query<{ id: string }>(`SELECT id FROM images WHERE batch_id = ANY($1::uuid[]) ORDER BY id OFFSET $2 LIMIT 1`, [batchIds, Math.floor(ROWS * 0.9)])).rows[0].id);
  const singleDeep = await deepCursor([single.id]);
  const parentIds = await batchMemberIds(prisma, parent.id);
  const parentDeep = await deepCursor(parentIds);
  const first = { limit: PAGE };
  const filter = (text: string) => ({ ...first, filter: [parseFieldFilter(text) as FieldFilter] });

  const timings = [
    await time("single: progress", () => getBatchProgress(prisma, single.id)),
    await time("single: images first page", () => listImages(prisma, [single.id], first)),
    await time("single: images deep page (90%)", () => listImages(prisma, [single.id], { ...first, after: singleDeep })),
    await time("single: failed images first page", () => listImages(prisma, [single.id], { ...first, status: "failed" })),
    await time("single: results filter verdict = fail", () => listImages(prisma, [single.id], filter("verdict = fail"))),
    await time("single: results filter category = umbrella (rare)", () => listImages(prisma, [single.id], filter("category = umbrella"))),
    await time("single: results filter confidence >= 0.95", () => listImages(prisma, [single.id], filter("confidence >= 0.95"))),
    await time("single: results filter verdict = fail, 90% deep", () => listImages(prisma, [single.id], { ...filter("verdict = fail"), after: singleDeep })),
    await time("parent: progress", () => getBatchProgress(prisma, parent.id)),
    // What GET /api/v1/batches/{id} answers for a parent: its progress and each part's.
    await time(`parent: batch API body (progress + ${parts.length} parts)`, () => getBatchProgressWithParts(prisma, parent.id)),
    await time("parent: images first page", async () => listImages(prisma, await batchMemberIds(prisma, parent.id), first)),
    await time("parent: images deep page (90%)", async () => listImages(prisma, await batchMemberIds(prisma, parent.id), { ...first, after: parentDeep })),
    await time("parent: failed images first page", async () => listImages(prisma, await batchMemberIds(prisma, parent.id), { ...first, status: "failed" })),
    await time("parent: results filter verdict = fail", async () => listImages(prisma, await batchMemberIds(prisma, parent.id), filter("verdict = fail"))),
    await time("parent: results filter category = umbrella (rare)", async () => listImages(prisma, await batchMemberIds(prisma, parent.id), filter("category = umbrella"))),
  ];
  // Sorting by a field has no index to walk (any field of any template): each page sorts the batch's results. Shown, not a goal.
  const sorted = [
    await timeFew("single: results sorted by confidence (desc), first page", () => listImages(prisma, [single.id], { ...first, sort: "confidence", order: "desc" }, true)),
    await timeFew("single: results sorted by category, filtered verdict = fail", () => listImages(prisma, [single.id], { ...filter("verdict = fail"), sort: "category" })),
  ];
  const figures: Figure[] = [shown("image rows per shape", ROWS, "rows")];
  for (const t of timings) figures.push(shown(`${t.label} p50`, t.p50, "ms"), atMost(`${t.label} p95`, t.p95, "ms", GOAL_P95_MS));
  for (const t of sorted) figures.push(shown(`${t.label} p50`, t.p50, "ms"), shown(`${t.label} p95`, t.p95, "ms"));
  writeResult("progress", { rows: ROWS, parts: parts.length, pageSize: PAGE, iterations: ITERATIONS, seedSeconds: seeded / 1000, timings, sorted, goalP95Ms: GOAL_P95_MS }, figures);
  if (process.argv.includes("--keep")) {
    console.log(`Kept: ${database.url} single ${single.id} parent ${parent.id}; Ctrl-C stops it.`);
    await new Promise((resolve) => process.once("SIGINT", resolve));
  }
} finally {
  await sql.end();
  await prisma.$disconnect();
  await database.stop();
}
