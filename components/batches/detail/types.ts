import type { BatchProgress } from "@/lib/batches/get-batch-progress";
import type { DailyBudget } from "@/lib/budget/get-spend";
import type { ImageRow } from "@/lib/batches/list-images";

/** What the API sends: the domain types, with dates as JSON strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** GET /api/v1/batches/{id}: a parent's parts, and the day's spend against GEMINI_DAILY_BUDGET_USD (null: none set). */
export type BatchProgressView = Json<BatchProgress> & { parts?: BatchProgressView[]; dailyBudget?: DailyBudget | null };
export type ImageRowView = ImageRow;

export const ACTIVE_STATUSES = new Set(["queued", "running"]);
/** How often the batch page asks for a running batch's progress (the benchmarks poll as a person watching it does). */
export const RUNNING_BATCH_POLL_MS = 1500;
