import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { nextPacificMidnight, pacificDayStart } from "../gemini/pacific-day";
import { microsToUsd, usdToMicros } from "./money";

export interface DailyBudget {
  capUsd: number;
  /** Billed today (Pacific day), across every batch. */
  spentUsd: number;
  /** Held by calls in progress. */
  heldUsd: number;
  /** The day's start and the next reset (midnight America/Los_Angeles), ISO. */
  day: string;
  resetsAt: string;
}

/** Today's spend against GEMINI_DAILY_BUDGET_USD; null when no daily budget is set. */
export async function getDailyBudget(db: PrismaClient, config: Pick<Config, "GEMINI_DAILY_BUDGET_USD">, nowMs = Date.now()): Promise<DailyBudget | null> {
  if (!config.GEMINI_DAILY_BUDGET_USD) return null;
  const day = new Date(pacificDayStart(nowMs));
  const { rows } = await poolOf(db).query<{ spent: string; held: string }>(sql`
    SELECT coalesce((SELECT spent_micros FROM daily_spend WHERE day = ${day}::timestamptz), 0)::text AS spent,
           coalesce((SELECT sum(micros) FROM spend_holds WHERE day = ${day}::timestamptz AND expires_at > clock_timestamp()), 0)::text AS held`);
  return {
    capUsd: microsToUsd(usdToMicros(config.GEMINI_DAILY_BUDGET_USD)),
    spentUsd: microsToUsd(rows[0].spent),
    heldUsd: microsToUsd(rows[0].held),
    day: day.toISOString(),
    resetsAt: new Date(nextPacificMidnight(nowMs)).toISOString(),
  };
}
