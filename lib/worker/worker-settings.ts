import type { Config } from "../config";
import type { WorkerSettings } from "./start-worker";

/** Worker tuning derived from the configuration. */
export function workerSettings(config: Config): WorkerSettings {
  return {
    concurrency: config.WORKER_CONCURRENCY,
    // About what the workers can chew through in a couple of rounds; the rest of a batch waits in the images table.
    dispatchWindow: Math.max(16, config.WORKER_CONCURRENCY * 4),
    leaseSeconds: 15 * 60,
    maxRuns: 3,
    retryBaseMs: config.RETRY_BASE_MS,
    retryCapMs: config.RETRY_CAP_MS,
    tickMs: config.WORKER_TICK_MS,
    deadAfterSeconds: 20,
    autoPauseFailureRate: config.AUTO_PAUSE_FAILURE_RATE,
  };
}
