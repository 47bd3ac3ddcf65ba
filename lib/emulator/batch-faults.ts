/** Option `batch` of the emulator: the Batch API's timing, limits and faults. configure() may patch it at any time. */
export interface BatchOptions {
  /** How long a job stays BATCH_STATE_PENDING (default 200 ms). */
  pendingMs?: number;
  /** The least time a job stays RUNNING: its lines are spread over it, so pendingRequestCount falls visibly (default 300 ms). */
  runningMs?: number;
  /** PENDING time of a job with the `slow-pending` fault (default 3000 ms; `slow-pending-<ms>` sets it per fault). */
  slowPendingMs?: number;
  /** When a job with the `expire` fault becomes EXPIRED, from its creation (default 1000 ms; `expire-<ms>`). */
  expireMs?: number;
  /** Every job still PENDING or RUNNING this long after creation expires, as Google's do at 48 h (the default). */
  expireAfterMs?: number;
  /** Faults every job gets, joined by "+": e.g. "line-errors-5+slow-pending". */
  faults?: string;
  /** Faults by display name: a job whose displayName contains the key gets the value (as does `EMULATE:<faults>` in it). */
  jobFaults?: Record<string, string>;
  /** Enqueued-token cap per project and model (a number for every model, or by model id): over it, create answers 429. */
  enqueuedTokens?: number | Record<string, number>;
  /** Jobs one project may have PENDING or RUNNING at once (Google: 100); over it, create answers 429. */
  maxActiveJobs?: number;
  /** Lines of one job answered at once (default 8); output keeps input order regardless. */
  concurrency?: number;
}

export const BATCH_DEFAULTS = { pendingMs: 200, runningMs: 300, slowPendingMs: 3000, expireMs: 1000, expireAfterMs: 48 * 3_600_000, maxActiveJobs: 100, concurrency: 8 };

/** What a job's faults ask of it, read once at create. */
export interface BatchFaults {
  /** PENDING this long instead of pendingMs. */
  slowPendingMs?: number;
  /** Never leaves PENDING (until expireAfterMs). */
  stuckPending: boolean;
  /** EXPIRED this long after creation, never having run: no results. */
  expireMs?: number;
  /** BATCH_STATE_FAILED once it starts running, with an Operation error. */
  fail: boolean;
  /** Lines answered with an `error` object while the job still SUCCEEDS: every Nth, or a fraction (by key). */
  lineErrors?: { every?: number; fraction?: number };
  /** Inline: every Nth inlinedResponses entry is null (file: a line with neither response nor error). */
  nullEvery?: number;
  /** Create answers 429 RESOURCE_EXHAUSTED (Help detail only) this many times per display name, then accepts. */
  create429?: number;
  /** Create makes the job but the answer never comes ("hang") or the connection drops, this many times per display name. */
  createTimeout?: { times: number; drop: boolean };
  /** metadata.state says JOB_STATE_* instead of BATCH_STATE_*. */
  jobStateNames: boolean;
}

export const BATCH_FAULT_NAMES = ["slow-pending", "stuck-pending", "expire", "fail", "line-errors", "null-lines", "429-on-create", "create-timeout", "create-dropped", "job-state-names"];

const MARKER = /EMULATE:([a-z0-9_.+-]+)/i;

/** The fault words a job gets: the options' `faults`, then `jobFaults` whose key its display name contains, then its marker. */
export function faultWordsFor(options: BatchOptions | undefined, displayName: string | undefined): string[] {
  const name = displayName ?? "";
  const raw = [
    options?.faults ?? "",
    ...Object.entries(options?.jobFaults ?? {})
      .filter(([part]) => part && name.includes(part))
      .map(([, faults]) => faults),
    name.match(MARKER)?.[1] ?? "",
  ];
  return raw.flatMap((faults) => faults.split("+")).map((word) => word.trim().toLowerCase()).filter(Boolean);
}

/** `name` or `name-<number>`: the number is a count, a time in ms or (line-errors) a fraction below 1. */
function split(word: string): { name: string; value: number | null } {
  const known = BATCH_FAULT_NAMES.find((name) => word === name || (word.startsWith(`${name}-`) && /^\d+(\.\d+)?$/.test(word.slice(name.length + 1))));
  if (!known) return { name: word, value: null };
  return { name: known, value: word === known ? null : Number(word.slice(known.length + 1)) };
}

export function parseBatchFaults(words: string[], options: BatchOptions | undefined): BatchFaults {
  const settings = { ...BATCH_DEFAULTS, ...options };
  const faults: BatchFaults = { stuckPending: false, fail: false, jobStateNames: false };
  for (const word of words) {
    const { name, value } = split(word);
    if (name === "slow-pending") faults.slowPendingMs = value ?? settings.slowPendingMs;
    if (name === "stuck-pending") faults.stuckPending = true;
    if (name === "expire") faults.expireMs = value ?? settings.expireMs;
    if (name === "fail") faults.fail = true;
    if (name === "line-errors") faults.lineErrors = value !== null && value > 0 && value < 1 ? { fraction: value } : { every: Math.max(1, Math.floor(value ?? 3)) };
    if (name === "null-lines") faults.nullEvery = Math.max(1, Math.floor(value ?? 4));
    if (name === "429-on-create") faults.create429 = Math.max(1, Math.floor(value ?? 1));
    if (name === "create-timeout" || name === "create-dropped") faults.createTimeout = { times: Math.max(1, Math.floor(value ?? 1)), drop: name === "create-dropped" };
    if (name === "job-state-names") faults.jobStateNames = true;
  }
  return faults;
}

/** A stable number in [0, 1) per key, so a fraction of lines fails the same way on every run. */
export function unitOf(key: string) {
  let hash = 2166136261;
  for (let index = 0; index < key.length; index += 1) hash = Math.imul(hash ^ key.charCodeAt(index), 16777619);
  return (hash >>> 0) / 2 ** 32;
}
