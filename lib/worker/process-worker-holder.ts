import type { RunningWorker } from "./start-worker";

const holder = globalThis as unknown as { loupeWorker?: Promise<RunningWorker> };

/** The job worker of this process (started by instrumentation.ts), for the Inngest functions served here. */
export function setProcessWorker(worker: Promise<RunningWorker>) {
  holder.loupeWorker = worker;
}

export function getProcessWorker(): Promise<RunningWorker> {
  if (!holder.loupeWorker) throw new Error("The job worker is not running in this process (WORKER=off?); Inngest cannot run Loupe's functions here.");
  return holder.loupeWorker;
}
