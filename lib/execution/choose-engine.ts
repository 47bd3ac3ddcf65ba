import type { Engine } from "./resolve-engine";

/** Why `auto` chooses what it does for a batch. */
export type AutoReason = "offline" | "over_daily_quota" | "too_long" | "quick_enough";

/**
 * What `auto` runs a batch on, from its interactive estimate: the Batch API when interactive calls would take longer than
 * GEMINI_AUTO_BATCH_MINUTES or need more than the keys' daily quota, else interactive calls. One rule for the engine a new
 * batch gets (resolveEngine) and for what the estimate tells a person auto would choose.
 */
export function chooseAutoEngine(estimate: { basis: string; minutes: number | null; imagesPerDay: number | null }, autoBatchMinutes: number): { engine: Engine; reason: AutoReason } {
  if (estimate.basis === "offline") return { engine: "interactive", reason: "offline" };
  if (estimate.imagesPerDay !== null) return { engine: "batch", reason: "over_daily_quota" };
  if ((estimate.minutes ?? 0) > autoBatchMinutes) return { engine: "batch", reason: "too_long" };
  return { engine: "interactive", reason: "quick_enough" };
}
