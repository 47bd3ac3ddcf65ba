import { config } from "../config";
import { getDb } from "../db/client";
import { getJobEngine } from "../jobs";
import { workerSettings } from "../worker/worker-settings";

/** What route handlers and server actions need, built once per process. */
export function appContext() {
  const cfg = config();
  return {
    config: cfg,
    db: getDb(),
    jobs: () => getJobEngine(cfg, process.env.DATABASE_URL ?? ""),
    dispatchWindow: workerSettings(cfg).dispatchWindow,
  };
}
