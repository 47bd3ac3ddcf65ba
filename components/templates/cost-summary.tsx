"use client";

import { estimateCallCost, formatTokens, formatUsd, type ModelsView } from "@/lib/templates/estimate-call-cost";
import type { TemplateField } from "@/lib/templates/schemas";
import { modelOf, type EditableCallSettings } from "./call-settings-fields";

/** What the template costs at the current choices, for a typical photo, and what downscaling does and does not save. */
export function CostSummary({ catalogue, settings, promptChars, fields }: { catalogue: ModelsView; settings: EditableCallSettings; promptChars: number; fields: TemplateField[] }) {
  const model = modelOf(catalogue, settings.model);
  const estimate = estimateCallCost(catalogue, model, settings, { promptChars, fields });
  const { original, sent } = catalogue.typicalPhoto;
  const fullSize = model.imageTokensAtFullSize.default;
  const sentSize = model.imageTokens.default;
  const tiles = model.tileRule ? ` = ${sentSize / 258} tiles` : "";
  return (
    <section aria-label="What it costs" className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-800 dark:bg-slate-950">
      <p className="font-medium">
        ≈ <span data-testid="cost-per-1000">{formatUsd(estimate.costPer1000Usd)}</span> per 1,000 images
        {estimate.thoughtsTokens > 0 ? <span className="font-normal"> + up to {formatUsd(estimate.thoughtsPer1000Usd)} for thinking</span> : null}
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        A typical {sent.width}×{sent.height} photo on {model.label}: ≈ {formatTokens(estimate.promptTokens)} prompt tokens ({formatTokens(estimate.imageTokens)} for the image at {settings.mediaResolution} media resolution), ≈{" "}
        {formatTokens(estimate.answerTokens)} answer tokens{estimate.thoughtsTokens > 0 ? `, up to ${formatTokens(estimate.thoughtsTokens)} thought tokens` : ", no thoughts"}. Try a sample for the real figures.
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Downscaling (IMAGE_MAX_SIDE = {formatTokens(catalogue.imageMaxSide)} px) saves upload time and bandwidth, not tokens: a {original.width}×{original.height} photo costs {formatTokens(fullSize)} tokens and its {sent.width}×{sent.height} copy{" "}
        {fullSize === sentSize ? `the same (${formatTokens(sentSize)}${tiles})` : `${formatTokens(sentSize)}${tiles}`}. LOW media resolution is {formatTokens(model.imageTokens.low)} tokens an image; thinking off saves the most on output.
      </p>
    </section>
  );
}
