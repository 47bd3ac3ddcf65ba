"use client";

import type { BatchProgressView } from "./types";

const SEGMENTS = [
  { key: "succeeded", label: "Succeeded", colour: "bg-emerald-500" },
  { key: "failed", label: "Failed", colour: "bg-red-500" },
  { key: "cancelled", label: "Cancelled", colour: "bg-slate-400" },
  { key: "processing", label: "Processing", colour: "bg-blue-500" },
  { key: "queued", label: "Queued", colour: "bg-slate-200 dark:bg-slate-700" },
] as const;

/** Time left; a batch on the Batch API waits for Google: at the latest, its remote jobs' deadline. */
function formatEta(seconds: number | null, status: string, batch: BatchProgressView) {
  if (status !== "running") return "—";
  if (batch.engine === "batch" && batch.counts.queued + batch.counts.processing > 0) {
    const deadlines = (batch.remoteJobs ?? []).flatMap((job) => (job.deadlineAt && job.phase === "running" ? [new Date(job.deadlineAt)] : []));
    if (!deadlines.length) return "Google's turnaround (within 24 h)";
    const latest = new Date(Math.max(...deadlines.map((date) => date.getTime())));
    return `with Google; by ${latest.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })} at the latest`;
  }
  if (seconds === null) return "estimating…";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

function Sparkline({ points }: { points: { minute: string; succeeded: number; failed: number }[] }) {
  if (points.length < 2) return <span className="text-xs text-slate-500">not enough data yet</span>;
  const values = points.map((p) => p.succeeded + p.failed);
  const max = Math.max(...values, 1);
  const path = values.map((value, index) => `${(index / (values.length - 1)) * 160},${40 - (value / max) * 36}`).join(" ");
  return (
    <svg width="160" height="40" role="img" aria-label={`Images per minute over the last ${points.length} minutes, peak ${max}`}>
      <polyline points={path} fill="none" stroke="currentColor" strokeWidth="2" className="text-brand-500" />
    </svg>
  );
}

export function BatchProgress({ batch }: { batch: BatchProgressView }) {
  const { counts } = batch;
  const total = Math.max(counts.total, 1);
  return (
    <section aria-label="Progress" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-baseline justify-between">
        <p className="text-3xl font-semibold tabular-nums" data-testid="percent-done">
          {batch.percentDone}%
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {(counts.succeeded + counts.failed + counts.cancelled).toLocaleString("en")} of {counts.total.toLocaleString("en")} images
        </p>
      </div>
      <div className="mt-3 flex h-3 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={batch.percentDone}>
        {SEGMENTS.map((segment) => (
          <div key={segment.key} className={segment.colour} style={{ width: `${(counts[segment.key] / total) * 100}%` }} />
        ))}
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-3 lg:grid-cols-6">
        {SEGMENTS.map((segment) => (
          <div key={segment.key}>
            <dt className="flex items-center gap-1.5 text-slate-500 dark:text-slate-400">
              <span className={`inline-block h-2 w-2 rounded-full ${segment.colour}`} />
              {segment.label}
            </dt>
            <dd className="font-semibold tabular-nums" data-testid={`count-${segment.key}`}>
              {counts[segment.key].toLocaleString("en")}
            </dd>
          </div>
        ))}
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Cached</dt>
          <dd className="font-semibold tabular-nums">{counts.cached.toLocaleString("en")}</dd>
        </div>
      </dl>
      <dl className="mt-4 grid grid-cols-2 gap-4 border-t border-slate-100 pt-4 text-sm sm:grid-cols-5 dark:border-slate-800">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Images / min</dt>
          <dd className="font-semibold tabular-nums">{batch.imagesPerMinute.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Time left</dt>
          <dd className="font-semibold">{formatEta(batch.etaSeconds, batch.status, batch)}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Tokens</dt>
          <dd className="font-semibold tabular-nums">{(batch.tokens.input + batch.tokens.output).toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Cost</dt>
          <dd className="font-semibold tabular-nums">${batch.costUsd.toFixed(4)}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Last hour</dt>
          <dd>
            <Sparkline points={batch.throughput} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
