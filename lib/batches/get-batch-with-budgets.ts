import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { getDailyBudget } from "../budget/get-spend";
import { getBatchProgressWithParts } from "./get-batch-progress";

/** A batch's progress, its parts, and the day's spend against GEMINI_DAILY_BUDGET_USD (null when none is set). */
export async function getBatchWithBudgets(db: PrismaClient, config: Config, id: string) {
  const [progress, dailyBudget] = await Promise.all([getBatchProgressWithParts(db, id), getDailyBudget(db, config)]);
  return { ...progress, dailyBudget };
}
