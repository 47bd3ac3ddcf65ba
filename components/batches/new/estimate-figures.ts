"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import type { BatchEstimate } from "@/lib/batches/estimate-batch";

export type ExecutionMode = "interactive" | "batch" | "auto";

/** GET /api/v1/estimate, shared by the mode choice and the estimate card (one request: same query key). */
export function useBatchEstimate(images: number, templateId: string) {
  return useQuery({
    queryKey: ["estimate", images, templateId],
    queryFn: () => api<BatchEstimate>(`/api/v1/estimate?images=${images}${templateId ? `&templateId=${templateId}` : ""}`),
    enabled: images > 0,
    staleTime: 30_000,
  });
}

export function duration(minutes: number): string {
  if (minutes < 1) return "under a minute";
  if (minutes < 90) return `${Math.ceil(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

export const count = (value: number) => value.toLocaleString("en", { maximumFractionDigits: 0 });

/** Dollars to as many digits as tell a small batch's two prices apart ($0.0009 and $0.0005, not $0.00 twice). */
export function money(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 10) return `$${usd.toFixed(2)}`;
  return `$${usd.toLocaleString("en", { maximumFractionDigits: 0 })}`;
}

/** Interactive calls at the keys' quota: "≈ 3.2 days at 180 images/min". */
export function interactiveTime(estimate: BatchEstimate): string {
  if (estimate.minutes === null) return "as fast as this server analyses";
  return `${estimate.minutes < 1 ? "" : "≈ "}${duration(estimate.minutes)} at ${count(estimate.imagesPerMinute ?? 0)} images/min`;
}

/** Longer than a day at the quota, or more than a day's quota: the Batch API is the way. */
export function interactiveTooSlow(estimate: BatchEstimate): boolean {
  return estimate.basis !== "offline" && (estimate.imagesPerDay !== null || (estimate.minutes ?? 0) > 24 * 60);
}

/** The Batch API's time, honestly: Google's 24 h target per job (usually much quicker), and how many rounds of jobs. */
export function batchTime(estimate: BatchEstimate): { headline: string; detail: string } {
  const plan = estimate.batchApi;
  if (!plan || plan.rounds <= 1) return { headline: "within 24 h", detail: "Google's target; usually much quicker." };
  return {
    headline: `${count(plan.rounds)} rounds of up to 24 h`,
    detail: `${count(plan.jobs)} remote jobs: Google holds ≈ ${count(plan.imagesAtOnce)} images at once for your ${count(plan.projects)} project${plan.projects === 1 ? "" : "s"} (GEMINI_BATCH_ENQUEUED_TOKENS, ${count(plan.enqueuedTokensPerProject)} tokens each; raise it to your tier's limit). Each round: Google's 24 h target, usually much quicker.`,
  };
}

/** GEMINI_AUTO_BATCH_MINUTES as a person says it: "120 min" reads as "2 h". */
const threshold = (minutes: number) => (minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/** What auto would choose for this batch, and why, in words. */
export function autoSentence(estimate: BatchEstimate): string {
  switch (estimate.autoReason) {
    case "offline":
      return "Interactive: the offline analyzer makes no Gemini calls.";
    case "over_daily_quota":
      return `Batch API: ${count(estimate.images)} images are more than your keys' daily quota (${count(estimate.imagesPerDay ?? 0)} a day).`;
    case "too_long":
      return `Batch API: interactive calls would take ${interactiveTime(estimate)}, over the ${threshold(estimate.autoBatchMinutes)} threshold (GEMINI_AUTO_BATCH_MINUTES).`;
    default:
      return `Interactive: ${interactiveTime(estimate)} is within the ${threshold(estimate.autoBatchMinutes)} threshold (GEMINI_AUTO_BATCH_MINUTES).`;
  }
}

/** The engine a mode runs this batch on. */
export function engineOf(mode: ExecutionMode, estimate: BatchEstimate | undefined): "interactive" | "batch" {
  if (mode === "auto") return estimate?.autoChooses ?? "interactive";
  return mode;
}
