import { config } from "../config";
import { getDb } from "../db/client";
import { createJobEngine, setJobEngine } from "../jobs";
import { createImageAnalyzer } from "../analysis/create-image-analyzer";
import { setProcessWorker } from "./process-worker-holder";
import { startWorker, type RunningWorker } from "./start-worker";
import { workerSettings } from "./worker-settings";
import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import { startGeminiBatchEngine } from "../execution/gemini-batch/start-engine";
import { loadAdminKeys } from "../gemini/manage-keys";
import { processKeyPool } from "../gemini/process-key-pool";
import { uploadsStorage } from "../storage";
import { batchTaskHandlers } from "../batches/batch-task-handlers";

/** Starts this process's job worker (inside the app by default, or `npm run worker`) and makes its engine the producer. */
export async function startProcessWorker(): Promise<RunningWorker> {
  const cfg = config();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const db = getDb();
  const settings = workerSettings(cfg);
  const worker = await startWorker(
    db,
    createImageAnalyzer(cfg, db),
    settings,
    (handlers) => createJobEngine(cfg, databaseUrl, cfg.jobAdapter === "pg-boss" ? handlers : undefined),
    (jobs) => batchTaskHandlers({ db, jobs, storage: uploadsStorage(cfg), dispatchWindow: settings.dispatchWindow }),
  );
  setJobEngine(Promise.resolve(worker.jobs));
  // The Gemini Batch API engine runs beside the worker, in a loop of its own (lib/execution/gemini-batch).
  // The engine submits with the pool's keys: registering them (the pool does) must not wait for a first interactive call.
  if (!cfg.vertex && cfg.geminiKeys.length) await processKeyPool(cfg);
  const batchEngine = !cfg.vertex
    ? startGeminiBatchEngine({ db, config: cfg, storage: uploadsStorage(cfg), adminKeys: () => loadAdminKeys(db, ensureAuthSecret(cfg)), maxRuns: workerSettings(cfg).maxRuns })
    : null;
  return { ...worker, stop: async () => (await batchEngine?.stop(), worker.stop()) };
}

/** Starts the worker once per process and remembers it (the Inngest functions served here run through it). */
export function startAndHoldProcessWorker(): Promise<RunningWorker> {
  const worker = startProcessWorker();
  setProcessWorker(worker);
  return worker;
}
