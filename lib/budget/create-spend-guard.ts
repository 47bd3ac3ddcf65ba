import type pg from "pg";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { AnalysisError } from "../errors";
import { nextPacificMidnight, pacificDayStart } from "../gemini/pacific-day";
import type { SpendGuard, SpendHold } from "../gemini/spend-guard";
import { logger } from "../log/logger";
import { budgetReachedMessage } from "./budget-messages";
import { DEFAULT_HOLD_TTL_MS, extendHolds, holdSpend, releaseSpend, settleSpend } from "./hold-spend";
import { usdToMicros } from "./money";

export interface BudgetOptions {
  /** The clock the Pacific day is read from (tests move it across midnight). */
  now?: () => number;
  /** How long a hold counts unless this process extends it (it does, every third of this, while the call runs). */
  holdTtlMs?: number;
  /** How long this process trusts what it read about a batch's cap (whether it has one): a newly set cap counts after this. */
  cacheMs?: number;
  /**
   * How long a call waits when only calls in progress stand between it and the cap (they usually settle for far less than
   * they hold) before its batch pauses. Default: the hold TTL and half a minute, by when a crashed process's holds expired.
   */
  holdWaitMs?: number;
}

export interface BudgetGuards {
  /** The guard for one image's calls, or undefined when no cap applies (then the calls cost no statement at all). */
  guardFor(batchId: string): SpendGuard | undefined | Promise<SpendGuard | undefined>;
  /** Stops extending holds (the process is stopping; what is still held expires on its own). */
  close(): void;
}

interface BatchScope {
  scopeBatchId: string;
  isPart: boolean;
  capped: boolean;
  readAt: number;
}

const MAX_CACHED_BATCHES = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spending caps for the workers of one process. Whether a batch has a cap is cached for `cacheMs`; the cap itself is read
 * under the hold's lock, so a raised cap counts from the next call. A call is made only while what was billed, what calls
 * in progress hold and its own most possible cost stay within every cap; one that would fit once those calls are settled
 * waits for them, so concurrency never pauses a batch below its cap. Holds this process has out are extended periodically,
 * so a call that waits long for a key keeps its hold, and a process that dies leaves holds that expire.
 */
export function createBudgetGuards(db: PrismaClient, config: Pick<Config, "GEMINI_DAILY_BUDGET_USD">, options: BudgetOptions = {}): BudgetGuards {
  const pool = poolOf(db);
  const now = options.now ?? Date.now;
  const ttlMs = options.holdTtlMs ?? DEFAULT_HOLD_TTL_MS;
  const cacheMs = options.cacheMs ?? 1500;
  const holdWaitMs = options.holdWaitMs ?? ttlMs + 30_000;
  const dayCapMicros = config.GEMINI_DAILY_BUDGET_USD ? usdToMicros(config.GEMINI_DAILY_BUDGET_USD) : null;
  const scopes = new Map<string, BatchScope | Promise<BatchScope>>();
  const live = new Set<string>();
  let renewer: NodeJS.Timeout | null = null;

  const startRenewing = () => {
    if (renewer) return;
    renewer = setInterval(() => {
      if (live.size) extendHolds(pool, [...live], ttlMs).catch((error) => logger().warn({ err: String(error) }, "could not extend spend holds"));
    }, Math.max(250, Math.floor(ttlMs / 3)));
    renewer.unref();
  };

  async function readScope(batchId: string): Promise<BatchScope> {
    const { rows } = await pool.query<{ scope: string; is_part: boolean; capped: boolean }>(sql`
      SELECT coalesce(b.parent_batch_id, b.id)::text AS scope, b.parent_batch_id IS NOT NULL AS is_part,
             (CASE WHEN b.parent_batch_id IS NULL THEN b.budget_micros ELSE p.budget_micros END) IS NOT NULL AS capped
      FROM batches b LEFT JOIN batches p ON p.id = b.parent_batch_id WHERE b.id = ${batchId}::uuid`);
    const row = rows[0];
    const scope = { scopeBatchId: row?.scope ?? batchId, isPart: row?.is_part ?? false, capped: row?.capped ?? false, readAt: Date.now() };
    if (scopes.size >= MAX_CACHED_BATCHES) scopes.clear();
    scopes.set(batchId, scope);
    return scope;
  }

  function guard(batchId: string, scope: BatchScope): SpendGuard {
    return {
      async hold(estimatedMicros) {
        const started = Date.now();
        for (let attempt = 0; ; attempt++) {
          const at = now();
          const day = new Date(pacificDayStart(at));
          const outcome = await holdSpend(pool, { batchId, scopeBatchId: scope.scopeBatchId, day, dayCapMicros, micros: estimatedMicros, ttlMs });
          if (outcome.held) {
            live.add(outcome.holdId);
            startRenewing();
            return heldSpend(pool, live, { holdId: outcome.holdId, batchId, scopeBatchId: scope.scopeBatchId, day });
          }
          // Only calls in progress stand in the way, and they are held at their most: wait for them to settle or be
          // released, rather than pause a batch whose cap is not reached. At the cap itself, pause.
          const fitsAlone = outcome.spentMicros + BigInt(Math.ceil(estimatedMicros)) <= outcome.capMicros;
          if (fitsAlone && outcome.heldMicros > 0n && Date.now() - started < holdWaitMs) {
            await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2));
            continue;
          }
          const message = budgetReachedMessage({ ...outcome, estimateMicros: estimatedMicros, scopeBatchId: scope.scopeBatchId, isPart: scope.isPart, resetsAtMs: nextPacificMidnight(at), nowMs: at });
          throw new AnalysisError("budget_reached", message, { retryable: true, countsAsFailure: false, pausesBatch: true });
        }
      },
    };
  }

  return {
    guardFor(batchId) {
      const cached = scopes.get(batchId);
      // The common case answers synchronously: a batch read in the last cacheMs, with no cap and no daily budget.
      if (cached && !(cached instanceof Promise) && Date.now() - cached.readAt < cacheMs) {
        return cached.capped || dayCapMicros !== null ? guard(batchId, cached) : undefined;
      }
      const pending = cached instanceof Promise ? cached : readScope(batchId);
      if (!(cached instanceof Promise)) {
        scopes.set(batchId, pending);
        pending.catch(() => scopes.delete(batchId));
      }
      return pending.then((scope) => (scope.capped || dayCapMicros !== null ? guard(batchId, scope) : undefined));
    },
    close() {
      if (renewer) clearInterval(renewer);
      renewer = null;
      live.clear();
    },
  };
}

/** One hold: settled or released once; a settle that meets a database error is tried again (the spend must be counted). */
function heldSpend(pool: pg.Pool, live: Set<string>, hold: { holdId: string; batchId: string; scopeBatchId: string; day: Date }): SpendHold {
  let done = false;
  return {
    async settle(actualMicros) {
      if (done) return;
      done = true;
      live.delete(hold.holdId);
      for (let attempt = 1; ; attempt++) {
        try {
          return await settleSpend(pool, hold, actualMicros);
        } catch (error) {
          if (attempt >= 3) {
            // The answer was billed and is kept; what it cost is missing from the ledger, and its hold expires.
            logger().error({ err: String(error), batchId: hold.batchId, micros: actualMicros }, "could not record what a Gemini call cost");
            return;
          }
          await sleep(200 * attempt);
        }
      }
    },
    async release() {
      if (done) return;
      done = true;
      live.delete(hold.holdId);
      // A release that fails leaves the hold to expire: it only blocks the budget until then.
      await releaseSpend(pool, hold.holdId).catch((error) => logger().warn({ err: String(error) }, "could not release a spend hold"));
    },
  };
}
