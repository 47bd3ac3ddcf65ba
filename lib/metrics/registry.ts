import { Counter, Histogram, Registry } from "prom-client";

/** One registry per process (kept on globalThis across Next dev reloads). Labels carry masked keys only. */
const holder = globalThis as unknown as { loupeMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "loupe" });
  return {
    registry,
    geminiCalls: new Counter({ name: "loupe_gemini_calls_total", help: "Gemini calls by masked key and outcome (ok or an error code), this process", labelNames: ["key", "outcome"], registers: [registry] }),
    geminiLatency: new Histogram({
      name: "loupe_gemini_call_duration_seconds",
      help: "Gemini call latency, this process",
      labelNames: ["outcome"],
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
  };
}

export function metrics() {
  return (holder.loupeMetrics ??= createMetrics());
}

export function observeGeminiCall(maskedKey: string, outcome: string, durationMs: number) {
  const m = metrics();
  m.geminiCalls.inc({ key: maskedKey, outcome });
  m.geminiLatency.observe({ outcome: outcome === "ok" ? "ok" : "error" }, durationMs / 1000);
}
