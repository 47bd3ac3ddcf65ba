import type { CallerStats, EmulatorOptions } from "./emulator-options";
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
  counters: { requests: number; probes: number };
  /** Vertex access tokens issued by POST /token. */
  accessTokens: Map<string, { clientEmail: string; expiresAt: number }>;
}

export function createState(initial: EmulatorOptions): EmulatorState {
  const options: ResolvedOptions = { windowMs: 60_000, dayMs: 86_400_000, host: "127.0.0.1", ...initial };
  return {
    options,
    ledger: new QuotaLedger(options.windowMs, options.dayMs),
    callers: new Map(),
    failuresSeen: new Map(),
    refusedOnce: new Set(),
    counters: { requests: 0, probes: 0 },
    accessTokens: new Map(),
  };
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
}
