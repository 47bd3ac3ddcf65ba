import type { BatchProgress } from "@/lib/batches/get-batch-progress";
import type { DailyBudget } from "@/lib/budget/get-spend";
import type { ImageRow } from "@/lib/batches/list-images";
import type { RemoteJobView } from "@/lib/execution/gemini-batch/list-remote-jobs";
import type { UnreachableHost } from "@/lib/hosts/list-unreachable-hosts";

/** What the API sends: the domain types, with dates as JSON strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/**
 * GET /api/v1/batches/{id}: a parent's parts, the day's spend against GEMINI_DAILY_BUDGET_USD (null: none set), and the
 * remote jobs at Google of a batch on the Batch API (a parent: every part's).
 */
export type BatchProgressView = Json<BatchProgress> & { parts?: BatchProgressView[]; dailyBudget?: DailyBudget | null; remoteJobs?: RemoteJobView[]; unreachableHosts?: UnreachableHost[] };
export type ImageRowView = ImageRow;
export type { UnreachableHost };
export type { RemoteJobView };

/** A remote job Loupe is still working on (its phase, not Google's state: a SUCCEEDED job is still being applied). */
export const remoteJobActive = (job: RemoteJobView) => !["done", "cancelled", "failed", "expired"].includes(job.phase);

export const ACTIVE_STATUSES = new Set(["queued", "running"]);
/** How often the batch page asks for a running batch's progress (the benchmarks poll as a person watching it does). */
export const RUNNING_BATCH_POLL_MS = 1500;
