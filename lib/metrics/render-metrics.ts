import { Gauge, Registry } from "prom-client";
import type { PrismaClient } from "../db/generated/client";
import { metrics } from "./registry";

/** Prometheus text: this process's counters plus database-wide gauges read at scrape time (cheap: counters, small aggregates). */
export async function renderMetrics(db: PrismaClient): Promise<{ contentType: string; body: string }> {
  const [images, keys, queue] = await Promise.all([
    db.$queryRaw<{ queued: bigint; processing: bigint; succeeded: bigint; failed: bigint; cancelled: bigint; input_tokens: bigint; output_tokens: bigint; thoughts_tokens: bigint; cached_tokens: bigint; cost_micros: bigint }[]>`
      SELECT coalesce(sum(queued_count), 0)::bigint AS queued, coalesce(sum(processing_count), 0)::bigint AS processing,
             coalesce(sum(succeeded_count), 0)::bigint AS succeeded, coalesce(sum(failed_count), 0)::bigint AS failed,
             coalesce(sum(cancelled_count), 0)::bigint AS cancelled,
             coalesce(sum(input_tokens), 0)::bigint AS input_tokens, coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
             coalesce(sum(thoughts_tokens), 0)::bigint AS thoughts_tokens, coalesce(sum(cached_tokens), 0)::bigint AS cached_tokens,
             coalesce(sum(cost_micros), 0)::bigint AS cost_micros
      FROM batches WHERE kind <> 'parent'`,
    db.geminiKey.findMany({ select: { maskedKey: true, projectId: true, state: true, successCount: true, failureCount: true, rateLimitedCount: true } }),
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM images WHERE status = 'queued' AND dispatched_at IS NOT NULL`.catch(() => [{ n: 0n }]),
  ]);
  const scrape = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [scrape] });
  const byStatus = gauge("loupe_images", "Images by status, all batches", ["status"]);
  for (const status of ["queued", "processing", "succeeded", "failed", "cancelled"] as const) byStatus.set({ status }, Number(images[0][status]));
  // output includes thoughts (Google bills them as output); cached is the part of input served from Google's cache.
  const tokens = gauge("loupe_tokens", "Gemini tokens billed, all batches (output includes thoughts; cached is part of input)", ["kind"]);
  tokens.set({ kind: "input" }, Number(images[0].input_tokens));
  tokens.set({ kind: "output" }, Number(images[0].output_tokens));
  tokens.set({ kind: "thoughts" }, Number(images[0].thoughts_tokens));
  tokens.set({ kind: "cached" }, Number(images[0].cached_tokens));
  gauge("loupe_cost_usd", "What Google bills for the analysed images, all batches (list prices)").set(Number(images[0].cost_micros) / 1_000_000);
  gauge("loupe_queue_depth", "Images dispatched to the job engine and waiting").set(Number(queue[0].n));
  const calls = gauge("loupe_gemini_key_calls", "Gemini calls per key since it was added, all processes", ["key", "project", "outcome"]);
  const state = gauge("loupe_gemini_key_active", "1 when the key is usable now", ["key", "project", "state"]);
  for (const key of keys) {
    calls.set({ key: key.maskedKey, project: key.projectId, outcome: "success" }, Number(key.successCount));
    calls.set({ key: key.maskedKey, project: key.projectId, outcome: "failure" }, Number(key.failureCount));
    calls.set({ key: key.maskedKey, project: key.projectId, outcome: "rate_limited" }, Number(key.rateLimitedCount));
    state.set({ key: key.maskedKey, project: key.projectId, state: key.state }, key.state === "active" ? 1 : 0);
  }
  const merged = Registry.merge([metrics().registry, scrape]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
