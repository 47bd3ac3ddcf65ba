// The engine's process in `npm run bench:batch`: the Batch API engine alone, as a worker process runs it, on a batch the
// benchmark seeded; prints ENGINE_RESULT {phase seconds, peak RSS} when the batch is done. Its memory is what is measured.
import path from "node:path";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { poolOf, sql } from "../../lib/db/sql";
import { createBatchKeys } from "../../lib/execution/gemini-batch/batch-keys";
import type { EngineContext } from "../../lib/execution/gemini-batch/context";
import { planJobs } from "../../lib/execution/gemini-batch/plan-jobs";
import { leaseDueJobs } from "../../lib/execution/gemini-batch/remote-jobs";
import { runStep } from "../../lib/execution/gemini-batch/run-engine";
import { uploadsStorage } from "../../lib/storage";
import { peakRssMb } from "./lib";

const config = loadConfig(JSON.parse(process.env.BENCH_ENGINE_ENV!));
const batchId = process.env.BENCH_BATCH_ID!;
const db = createPrismaClient(process.env.DATABASE_URL!);
const context: EngineContext = { db, config, storage: uploadsStorage(config), keys: createBatchKeys(config, async () => []), owner: "bench", workDir: path.join(config.dataDir, "gemini-batch"), leaseSeconds: 600, maxRuns: 3, now: Date.now };
const phaseMs: Record<string, number> = {};
const started = Date.now();
for (;;) {
  const { rows } = await poolOf(db).query<{ queued: number; processing: number }>(sql`SELECT queued_count AS queued, processing_count AS processing FROM batches WHERE id = ${batchId}::uuid`);
  if (rows[0].queued + rows[0].processing === 0) break;
  if (Date.now() - started > 30 * 60_000) throw new Error("the batch did not finish in 30 minutes");
  await planJobs(context);
  const due = await leaseDueJobs(db, context.owner, context.leaseSeconds, 20);
  for (const job of due) {
    const at = Date.now();
    await runStep(context, job);
    phaseMs[job.phase] = (phaseMs[job.phase] ?? 0) + (Date.now() - at);
  }
  if (!due.length) await new Promise((r) => setTimeout(r, 100));
}
console.log(`ENGINE_RESULT ${JSON.stringify({ phaseMs, wallSeconds: (Date.now() - started) / 1000, peakRssMb: peakRssMb() })}`);
await db.$disconnect();
process.exit(0);
