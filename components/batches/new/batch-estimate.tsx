"use client";

import type { CsvPreview } from "./csv-mapping";
import { batchTime, count as number, engineOf, interactiveTime, money, useBatchEstimate, type ExecutionMode } from "./estimate-figures";

/** A CSV's row count before it is read whole: its size over the preview's average row length. */
export function approximateCsvRows(preview: CsvPreview): number {
  if (!preview.rows.length) return 0;
  const previewBytes = preview.rows.reduce((sum, row) => sum + row.join(preview.delimiter).length + 1, 0);
  const headerBytes = preview.columns.join(preview.delimiter).length + 1;
  return Math.max(0, Math.round((preview.bytes - headerBytes) / (previewBytes / preview.rows.length)));
}

/** What a batch will take before it starts, the way it will run (mode): images, tokens, cost, and time at the key pool's quota or through the Batch API. */
export function BatchEstimateCard({ images, approximate, templateId, capUsd = null, mode = "interactive" }: { images: number; approximate: boolean; templateId: string; capUsd?: number | null; mode?: ExecutionMode }) {
  const { data, error } = useBatchEstimate(images, templateId);
  if (images === 0) return null;
  if (error) return <p className="text-sm text-slate-500">No estimate: {(error as Error).message}</p>;
  if (!data) return <div className="h-16 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" aria-label="Estimating" />;
  const about = approximate ? "≈ " : "";
  const viaBatch = data.basis !== "offline" && engineOf(mode, data) === "batch";
  const costUsd = viaBatch ? data.batchCostUsd : data.costUsd;
  return (
    <section aria-label="Estimate" className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">Before you start</h2>
      <dl className="mt-2 grid grid-cols-2 gap-3 md:grid-cols-4">
        <div>
          <dt className="text-slate-500">Images</dt>
          <dd className="font-medium tabular-nums" data-testid="estimate-images">{about}{number(data.images)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Tokens</dt>
          <dd className="font-medium tabular-nums">{data.basis === "offline" ? "none" : `≈ ${number(data.totalTokens)}`}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Cost{viaBatch ? " (Batch API)" : ""}</dt>
          <dd className="font-medium tabular-nums" data-testid="estimate-cost">{data.basis === "offline" ? "free (offline analyzer)" : `≈ ${money(costUsd)}`}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Time{viaBatch ? " (Batch API)" : ""}</dt>
          <dd className="font-medium tabular-nums" data-testid="estimate-time">
            {viaBatch ? batchTime(data).headline : interactiveTime(data)}
          </dd>
        </div>
      </dl>
      {data.basis !== "offline" && capUsd !== null && capUsd < costUsd ? (
        <p className="mt-2 text-xs font-medium text-amber-800 dark:text-amber-300" data-testid="estimate-over-cap">
          The estimate is above your ${capUsd.toFixed(capUsd < 0.01 ? 6 : 2)} spending cap: the batch will pause with “budget reached” before it is finished.
        </p>
      ) : null}
      {data.basis !== "offline" ? (
        <div className="mt-2 space-y-1 text-xs text-slate-500" data-testid="estimate-detail">
          {data.variantsPerImage ? (
            <p data-testid="estimate-variants">
              Each product gets {data.variantsPerImage} variant{data.variantsPerImage === 1 ? "" : "s"}, one call each to {data.model}: ≈ {number(data.inputTokensPerImage / data.variantsPerImage)} input tokens and one
              generated image ({number(data.outputTokensPerImage / data.variantsPerImage)} output tokens, billed at the image-output price) per variant; each call takes one request of your keys&apos; per-project quotas.
            </p>
          ) : null}
          <p>
            {data.basis === "history" ? "From earlier results of this template" : "From the template's fields and images downscaled to the configured size"}: ≈ {number(data.inputTokensPerImage)} input +{" "}
            {number(data.outputTokensPerImage)} output tokens per image on {data.model}
            {data.thoughtsTokensPerImage > 0 ? ` (of which ≈ ${number(data.thoughtsTokensPerImage)} thinking, billed as output)` : ""}; time follows your keys&apos; per-project quotas
            {data.imagesPerDay ? `, which allow ${number(data.imagesPerDay)} images a day` : ""}.
          </p>
          <p>
            Thinking {data.settings.thinking}, media resolution {data.settings.mediaResolution}: a photo costs ≈ {number(data.downscaling.sentTokens)} image tokens downscaled to{" "}
            {number(data.downscaling.maxSide)} px and {number(data.downscaling.originalTokens)} at full size
            {data.downscaling.sentTokens === data.downscaling.originalTokens ? " — downscaling saves upload time, not tokens; a low media resolution or less thinking does" : ""}. Interactive ≈ {money(data.costUsd)}; through the Batch API ≈{" "}
            {money(data.batchCostUsd)}.
          </p>
        </div>
      ) : null}
    </section>
  );
}
