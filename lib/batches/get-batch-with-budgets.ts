import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { getDailyBudget } from "../budget/get-spend";
import { getBatchProgressWithParts } from "./get-batch-progress";
import { listUnreachableHosts } from "../hosts/list-unreachable-hosts";

/** A batch's progress, its parts, the day's spend against GEMINI_DAILY_BUDGET_USD (null when none is set), and unreachable hosts it waits on. */
export async function getBatchWithBudgets(db: PrismaClient, config: Config, id: string) {
  const [progress, dailyBudget] = await Promise.all([getBatchProgressWithParts(db, id), getDailyBudget(db, config)]);
  // Hosts whose breaker keeps this batch's images waiting (lib/hosts); only asked while the batch has images queued.
  const unreachableHosts = progress.counts.queued > 0 ? await listUnreachableHosts(db, progress.kind === "parent" ? progress.parts.map((part) => part.id) : [id]) : [];
  return { ...progress, dailyBudget, unreachableHosts };
}
