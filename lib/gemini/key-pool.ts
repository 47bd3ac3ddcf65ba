import pg from "pg";
import { IDLE_CONNECTION_MS } from "../db/pg-pool";
import { applyLeaseOutcome } from "./apply-lease-outcome";
import { createKeyProbes } from "./key-probes";
import { createSuccessReports } from "./success-reports";
import { AnalysisError } from "../errors";
import { keyId, maskKey } from "./key-identity";
import { reserveRequest } from "./reserve-request";
import { createWaitingLine, type LineAttempt } from "./waiting-line";

export interface PoolKey {
  key: string;
  project: string;
}

export interface PoolLimits {
  rpm: number;
  tpm: number;
  rpd: number;
}

export interface Lease {
  requestId: string;
  keyId: string;
  maskedKey: string;
  project: string;
  /** The secret: used for the call only, never logged or returned. */
  apiKey: string;
}

export type LeaseOutcome =
  | { kind: "success"; latencyMs: number; tokens: number }
  | { kind: "rate_limited"; retryAfterMs: number }
  /** A per-day quota: the whole project waits until `until` (epoch ms; Google's reset is midnight Pacific). */
  | { kind: "exhausted_daily"; until: number; reason: string }
  | { kind: "invalid"; reason: string }
  | { kind: "transient" };

export interface KeyPool {
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Lease>;
  report(lease: Lease, outcome: LeaseOutcome): Promise<void>;
  close(): Promise<void>;
}

export interface KeyPoolOptions {
  keys: PoolKey[];
  limits: PoolLimits;
  /** Length of the quota "minute" and "day" (tests scale time down). */
  windowMs?: number;
  dayMs?: number;
  /** Keys added at run time (by admins, stored encrypted): re-read every few seconds so every process picks them up. */
  extraKeys?: () => Promise<PoolKey[]>;
  /** How long this process reuses its copy of the keys' state (default 1 s; 0 reads it on every acquire). */
  keyStateTtlMs?: number;
  /**
   * One cheap call that proves a key works before it gets traffic (a dead key then costs one refusal, not a burst of
   * images). Without it every key is taken as proven.
   */
  probe?: (apiKey: string) => Promise<LeaseOutcome>;
}

const EXTRA_KEYS_REFRESH_MS = 5000;
const KEY_STATE_TTL_MS = 1000;

interface KeyState {
  id: string;
  project_id: string;
  rpm_limit: number;
  tpm_limit: number;
  rpd_limit: number;
  parked_until: Date | null;
  health: number;
  last_used: Date | null;
  proven: boolean;
}
const FULL_MEMO_MAX_MS = 5000;
// Callers waiting on probes look again every PROBE_WAIT_MS (a finished probe also wakes them).
const PROBE_WAIT_MS = 250;

const cancelled = () => new AnalysisError("cancelled", "Cancelled while waiting for a Gemini key.", { retryable: true });

/**
 * The Gemini key pool. Its state lives in PostgreSQL so every process shares it: a reservation ledger per project
 * (requests and tokens in a sliding window, requests per day), cooldowns, daily exhaustion and health per key.
 * acquire() takes the healthiest key whose project has room; when every project is full or parked the caller waits in
 * this process's line (lib/gemini/waiting-line.ts) until the earliest one frees up (computed, not polled in a loop).
 */
export async function createKeyPool(databaseUrl: string, options: KeyPoolOptions): Promise<KeyPool> {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 8, idleTimeoutMillis: IDLE_CONNECTION_MS });
  db.on("error", () => {});
  const windowMs = options.windowMs ?? 60_000;
  const dayMs = options.dayMs ?? 86_400_000;
  const keyStateTtlMs = options.keyStateTtlMs ?? KEY_STATE_TTL_MS;
  // The daily quota is counted in buckets of 1/24 of the day (loupe_reserve_gemini_request computes the same size).
  const usageBucketMs = Math.max(1, Math.floor(dayMs / 24));
  // A reservation is made a little before the request reaches Google (more so on a busy machine): count each one a little
  // longer than the window so a slot is never reused before Google's window has let it go.
  const windowWithMargin = windowMs + Math.max(250, windowMs * 0.01);
  const secrets = new Map(options.keys.map((entry) => [keyId(entry.key), entry.key]));
  const extraIds = new Set<string>();
  let extraReadAt = 0;

  async function refreshExtraKeys() {
    if (!options.extraKeys || Date.now() - extraReadAt < EXTRA_KEYS_REFRESH_MS) return;
    extraReadAt = Date.now();
    const extra = await options.extraKeys();
    const current = new Set(extra.map((entry) => keyId(entry.key)));
    for (const id of extraIds) {
      if (current.has(id)) continue;
      secrets.delete(id);
      extraIds.delete(id);
    }
    for (const entry of extra) {
      const id = keyId(entry.key);
      if (secrets.has(id)) continue;
      secrets.set(id, entry.key);
      extraIds.add(id);
    }
  }

  for (const project of new Set(options.keys.map((entry) => entry.project))) {
    await db.query(
      `INSERT INTO gemini_projects (id, rpm_limit, tpm_limit, rpd_limit) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET rpm_limit = $2, tpm_limit = $3, rpd_limit = $4, updated_at = now()`,
      [project, options.limits.rpm, options.limits.tpm, options.limits.rpd],
    );
  }
  for (const entry of options.keys) {
    await db.query(
      `INSERT INTO gemini_keys (id, project_id, masked_key, source, probed_at) VALUES ($1, $2, $3, 'env', CASE WHEN $4 THEN NULL ELSE now() END)
       ON CONFLICT (id) DO UPDATE SET project_id = $2, masked_key = $3, probed_at = CASE WHEN $4 THEN gemini_keys.probed_at ELSE coalesce(gemini_keys.probed_at, now()) END`,
      [keyId(entry.key), entry.project, maskKey(entry.key), Boolean(options.probe)],
    );
  }

  // Keys' state (parked, health, limits) is read at most once per KEY_STATE_TTL_MS by this process and shared by every
  // acquire in flight: a burst of callers woken together makes one query, not one each. What this process learns from a
  // call (a 429, an invalid key) drops the copy at once; what other processes learn arrives within the TTL.
  let keyStates: { at: number; ids: string; rows: Promise<KeyState[]> } | null = null;
  const leasedAt = new Map<string, number>(); // this process's own last lease per project, newer than the copy's
  function readKeyStates(): Promise<KeyState[]> {
    const ids = [...secrets.keys()];
    const idsKey = ids.join(",");
    if (keyStates && keyStates.ids === idsKey && Date.now() - keyStates.at < keyStateTtlMs) return keyStates.rows;
    const rows = db
      .query<Omit<KeyState, "parked_until"> & { parked_ms: number | null }>(
        `SELECT k.id, k.project_id, p.rpm_limit, p.tpm_limit, p.rpd_limit,
                (extract(epoch FROM greatest(p.cooldown_until, p.exhausted_until, k.cooldown_until, k.exhausted_until) - clock_timestamp()) * 1000)::float8 AS parked_ms,
                round(k.success_ewma::numeric, 1)::float AS health, k.last_used_at AS last_used, k.probed_at IS NOT NULL AS proven
         FROM gemini_keys k JOIN gemini_projects p ON p.id = k.project_id
         WHERE k.id = ANY($1) AND k.state NOT IN ('invalid', 'disabled')`,
        [ids],
      )
      // Parked-until on this machine's clock (the database's may differ): now + what is left of the park.
      .then((result) => result.rows.map(({ parked_ms, ...row }) => ({ ...row, parked_until: parked_ms === null ? null : new Date(Date.now() + parked_ms) })));
    const entry = { at: Date.now(), ids: idsKey, rows };
    keyStates = entry;
    rows.catch(() => {
      if (keyStates === entry) keyStates = null;
    });
    return rows;
  }

  // This process's view of when each full project next has room, and one reservation attempt per project at a time: callers
  // woken together do not all queue on the project's lock only to learn, one by one, that it is still full.
  const fullUntil = new Map<string, number>();
  const projectTurns = new Map<string, Promise<unknown>>();
  const queuedTurns = new Map<string, number>(); // attempts waiting for each project's turn
  function inTurn<T>(project: string, work: () => Promise<T>): Promise<T> {
    queuedTurns.set(project, (queuedTurns.get(project) ?? 0) + 1);
    const run = (projectTurns.get(project) ?? Promise.resolve()).then(work, work).finally(() => queuedTurns.set(project, queuedTurns.get(project)! - 1));
    projectTurns.set(project, run.catch(() => {}));
    return run;
  }

  async function tryReserve(project: string, keyIds: string[], estimatedTokens: number, limits: PoolLimits): Promise<{ lease?: Lease; freeAt?: number }> {
    return inTurn(project, async () => {
      const known = fullUntil.get(project) ?? 0;
      if (known > Date.now()) return { freeAt: known };
      const result = await reserveRequest(db, { project, keyIds, estimatedTokens, windowMs: windowWithMargin, dayMs, limits });
      if (!result.reservation) {
        if (!result.freeAt) {
          // None of these keys may be used now (disabled, parked since our copy was read): read their state again.
          keyStates = null;
          return { freeAt: Date.now() + 50 };
        }
        // Capped: a slot freed by another process (a refused call gives its reservation back) is noticed within seconds.
        fullUntil.set(project, Math.min(result.freeAt, Date.now() + FULL_MEMO_MAX_MS));
        return { freeAt: result.freeAt };
      }
      fullUntil.delete(project);
      return { lease: { ...result.reservation, project, apiKey: secrets.get(result.reservation.keyId)! } };
    });
  }

  let projectCount = new Set(options.keys.map((entry) => entry.project)).size;

  /** One try: the healthiest project with room books the call; otherwise when room is next expected. */
  async function attempt(estimatedTokens: number): Promise<LineAttempt<Lease>> {
    await refreshExtraKeys();
    const keys = await readKeyStates();
    if (keys.length === 0) throw new AnalysisError("no_keys", "No usable Gemini key: every configured key is invalid or disabled (see Admin → Status).", { retryable: false });
    const now = Date.now();
    let earliest = Infinity;
    const unproven = keys.filter((key) => !key.proven);
    if (unproven.length) {
      startProbes(unproven.map((key) => key.id));
      if (unproven.length === keys.length) return { retryAt: now + PROBE_WAIT_MS };
    }
    // Projects in order of their healthiest free key, then the one used least recently (spreads load over projects).
    const projects = new Map<string, { keyIds: string[]; health: number; lastUsed: number; limits: PoolLimits }>();
    for (const key of keys) {
      if (!key.proven) continue;
      if (key.parked_until && key.parked_until.getTime() > now) {
        earliest = Math.min(earliest, key.parked_until.getTime());
        continue;
      }
      const entry = projects.get(key.project_id) ?? { keyIds: [], health: 0, lastUsed: 0, limits: { rpm: key.rpm_limit, tpm: key.tpm_limit, rpd: key.rpd_limit } };
      entry.keyIds.push(key.id);
      entry.health = Math.max(entry.health, key.health);
      entry.lastUsed = Math.max(entry.lastUsed, key.last_used?.getTime() ?? 0, leasedAt.get(key.project_id) ?? 0);
      projects.set(key.project_id, entry);
    }
    projectCount = new Set(keys.map((key) => key.project_id)).size;
    // Equally healthy projects: the one with the fewest attempts queued first, so that a burst of callers books on every
    // project at once instead of all queuing on the first.
    const queued = (project: string) => queuedTurns.get(project) ?? 0;
    const ordered = [...projects.entries()].sort(([pa, a], [pb, b]) => b.health - a.health || queued(pa) - queued(pb) || a.lastUsed - b.lastUsed);
    for (const [project, entry] of ordered) {
      const result = await tryReserve(project, entry.keyIds, estimatedTokens, entry.limits);
      if (result.lease) {
        leasedAt.set(project, Date.now());
        return { value: result.lease, retryAt: now };
      }
      earliest = Math.min(earliest, result.freeAt ?? Infinity);
    }
    return { retryAt: earliest };
  }

  const line = createWaitingLine<number, Lease>({
    attempt,
    giveBack: (lease) => giveBack(lease),
    lanes: () => Math.min(8, projectCount),
    cancelled,
  });

  const successes = createSuccessReports(db);

  // Keys that have never answered: one probe each, then traffic (key-probes.ts); what a refusal teaches (apply-outcome.ts).
  const applyOutcome = async (target: { keyId: string; project: string }, outcome: Exclude<LeaseOutcome, { kind: "success" }>) => {
    keyStates = null;
    await applyLeaseOutcome(db, target, outcome);
  };
  const probes = createKeyProbes({
    db,
    secretOf: (id) => secrets.get(id),
    probe: options.probe,
    applyOutcome,
    settled: () => {
      keyStates = null;
      line.nudge();
    },
  });
  const startProbes = probes.start;

  /** Drops a reservation whose call was never made or was refused: our ledger then matches Google's. */
  async function giveBack(lease: Lease) {
    await db.query(
      `WITH gone AS (DELETE FROM gemini_requests WHERE id = $1 RETURNING project_id, at)
       UPDATE gemini_usage_buckets u SET requests = u.requests - 1 FROM gone
       WHERE u.project_id = gone.project_id AND u.bucket_ms = $2 AND u.bucket = loupe_usage_bucket(gone.at, $2)`,
      [lease.requestId, usageBucketMs],
    );
    fullUntil.delete(lease.project); // its slot is free again
    line.nudge();
  }

  return {
    async acquire(estimatedTokens, signal) {
      if (signal?.aborted) throw cancelled();
      // Straight to a reservation when nobody is waiting; otherwise in line behind those who are.
      if (line.waiting === 0) {
        const first = await attempt(estimatedTokens);
        if (first.value) return first.value;
      }
      return line.wait(estimatedTokens, signal);
    },

    async report(lease, outcome) {
      if (outcome.kind === "success") {
        successes.add({ keyId: lease.keyId, requestId: lease.requestId, latencyMs: outcome.latencyMs, tokens: outcome.tokens });
        return;
      }
      keyStates = null; // what this call taught us (cooldown, exhaustion, invalid key) must steer the next acquire
      await giveBack(lease); // a refused call did not use quota
      await applyOutcome(lease, outcome);
    },

    close: async () => {
      await successes.flush();
      await db.end();
    },
  };
}
