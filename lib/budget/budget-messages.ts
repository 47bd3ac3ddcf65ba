import { digitsUnder, formatUsd } from "./money";

/** Who a refusal came from: the cap on this batch, on the upload a part belongs to, or on the day. */
export interface Refusal {
  refusedBy: "batch" | "day";
  capMicros: bigint;
  spentMicros: bigint;
  heldMicros: bigint;
  estimateMicros: number;
  /** The batch whose cap it is (a part's parent) and whether the refused batch is a part of it. */
  scopeBatchId: string;
  isPart: boolean;
  /** For the daily cap: when the next Pacific day begins. */
  resetsAtMs?: number;
  nowMs?: number;
}

/** How a refusal by the daily cap begins (the batch page tells it from a batch's own cap by this). */
export const DAILY_BUDGET_REACHED = "Daily budget reached:";

function inHours(ms: number) {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The pause reason a person reads on the batch page: which cap, spent of cap, and how to continue. Written once, here, so
 * the API, the page and the logs say the same.
 */
export function budgetReachedMessage(refusal: Refusal): string {
  const digits = digitsUnder(refusal.capMicros);
  const usd = (micros: bigint) => formatUsd(micros, digits);
  const held = refusal.heldMicros > 0n ? ` (and ${usd(refusal.heldMicros)} is held by calls in progress)` : "";
  const next = `the next Gemini call may cost up to ${formatUsd(refusal.estimateMicros)}`;
  if (refusal.refusedBy === "day") {
    const resets = refusal.resetsAtMs !== undefined ? ` (in ${inHours(refusal.resetsAtMs - (refusal.nowMs ?? Date.now()))})` : "";
    return (
      `${DAILY_BUDGET_REACHED} Gemini calls have cost ${usd(refusal.spentMicros)} of the ${usd(refusal.capMicros)} daily cap ` +
      `(GEMINI_DAILY_BUDGET_USD) today, Pacific time${held}, and ${next}. No call is made past the cap. The day's spend starts again at ` +
      `midnight Pacific${resets}: resume the batch then, or raise GEMINI_DAILY_BUDGET_USD and restart Loupe, then resume.`
    );
  }
  const where = refusal.isPart ? "the upload's page" : "the batch page";
  const how = `Raise the cap on ${where} (or PATCH /api/v1/batches/${refusal.scopeBatchId} with {"budgetUsd": …}), then resume.`;
  const whose = refusal.isPart ? "the upload this part belongs to" : "this batch";
  if (BigInt(Math.ceil(refusal.estimateMicros)) > refusal.capMicros) {
    return `Budget reached: one Gemini call of ${whose} may cost up to ${formatUsd(refusal.estimateMicros)}, more than its whole ${usd(refusal.capMicros)} cap, so none was made. ${how}`;
  }
  const spent = refusal.isPart
    ? `the parts of this upload have spent ${usd(refusal.spentMicros)} of its ${usd(refusal.capMicros)} cap (shared by every part)`
    : `this batch has spent ${usd(refusal.spentMicros)} of its ${usd(refusal.capMicros)} cap`;
  return `Budget reached: ${spent}${held}, and ${next}. No call is made past the cap. ${how}`;
}
