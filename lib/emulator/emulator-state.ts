import { BatchJobs } from "./batch-jobs";
import type { CallerStats, EmulatorOptions } from "./emulator-options";
import { FileStore } from "./files-store";
import { QuotaLedger } from "./quota-ledger";

export type ResolvedOptions = EmulatorOptions & { windowMs: number; dayMs: number; host: string };

/** Everything one emulator remembers between calls; reset() empties it, configure() swaps the options. */
export interface EmulatorState {
  options: ResolvedOptions;
  ledger: QuotaLedger;
  callers: Map<string, CallerStats>;
  /** Calls seen per image for fail-first-N. */
  failuresSeen: Map<string, number>;
  /** `${behaviour}:${image}` of per-minute refusals already given once. */
  refusedOnce: Set<string>;
  /** images: generated images answered (image models). */
  counters: { requests: number; probes: number; images: number };
  /** Vertex access tokens issued by POST /token. */
  accessTokens: Map<string, { clientEmail: string; expiresAt: number }>;
  /** The Files API's files and upload sessions, on disk in a temp directory of the emulator's own. */
  files: FileStore;
  /** The Batch API's jobs. */
  batches: BatchJobs;
  /** The emulator's address, once it listens (upload URLs and file URIs use the client's Host header when it has one). */
  url: string;
}

export function createState(initial: EmulatorOptions): EmulatorState {
  const options: ResolvedOptions = { windowMs: 60_000, dayMs: 86_400_000, host: "127.0.0.1", ...initial };
  const state: EmulatorState = {
    options,
    ledger: new QuotaLedger(options.windowMs, options.dayMs),
    callers: new Map(),
    failuresSeen: new Map(),
    refusedOnce: new Set(),
    counters: { requests: 0, probes: 0, images: 0 },
    accessTokens: new Map(),
    files: new FileStore(() => state.options.files),
    batches: new BatchJobs(),
    url: "",
  };
  return state;
}

export function callerStats(state: EmulatorState, caller: string): CallerStats {
  if (!state.callers.has(caller)) state.callers.set(caller, { accepted: 0, rejected: 0, probes: 0 });
  return state.callers.get(caller)!;
}

export function resetState(state: EmulatorState) {
  state.ledger.reset();
  state.callers.clear();
  state.failuresSeen.clear();
  state.refusedOnce.clear();
  state.counters.requests = 0;
  state.counters.probes = 0;
  state.counters.images = 0;
  stopBatchJobs(state);
  state.batches.reset();
  state.files.reset();
}

/** Stops every running batch job (reset and close): their waits end at once and they write nothing more. */
export function stopBatchJobs(state: EmulatorState) {
  for (const job of state.batches.jobs.values()) {
    job.stopReason = "close";
    job.control.abort();
  }
}
