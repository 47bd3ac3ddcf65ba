import { config } from "../config";
import { getDb } from "../db/client";
import { getJobEngine } from "../jobs";
import { workerSettings } from "../worker/worker-settings";
import { batchTaskHandlers } from "../batches/batch-task-handlers";
import { uploadsStorage } from "../storage";

/** What route handlers and server actions need, built once per process. */
export function appContext() {
  const cfg = config();
  const db = getDb();
  const jobs = () => getJobEngine(cfg, process.env.DATABASE_URL ?? "");
  const dispatchWindow = workerSettings(cfg).dispatchWindow;
  return {
    config: cfg,
    db,
    jobs,
    dispatchWindow,
    /** The long operations a route may run for a moment before a job takes them over (lib/tasks). */
    taskHandlers: async () => batchTaskHandlers({ db, jobs: await jobs(), storage: uploadsStorage(cfg), dispatchWindow }),
  };
}
