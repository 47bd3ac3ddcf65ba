"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { formatTokens } from "@/lib/templates/estimate-call-cost";
import type { TemplateField } from "@/lib/templates/schemas";
import type { TryTemplateResult } from "@/lib/analysis/try-template";
import type { EditableCallSettings } from "./call-settings-fields";

// Refusals a whole batch would meet: shown as what to change, not as a failed call.
const SETTINGS_REFUSALS: Record<string, string> = {
  model_not_found: "Gemini does not offer this model",
  unsupported_request: "Gemini refused these settings",
  region_unsupported: "Gemini is not available from this server's region",
  unknown_model: "Not a model this server offers",
  thinking_not_supported: "This model does not think",
  thinking_budget_out_of_range: "Thinking budget out of range",
  output_room_too_small: "Not enough output room",
};

function sentSummary(data: TryTemplateResult): string {
  const { generationConfig: sent, settings } = data;
  const thinking = sent.thinkingConfig?.thinkingLevel ? `thinkingLevel ${sent.thinkingConfig.thinkingLevel}` : sent.thinkingConfig?.thinkingBudget !== undefined ? `thinkingBudget ${sent.thinkingConfig.thinkingBudget}` : "no thinkingConfig";
  return `${data.model} · thinking ${settings.thinking} (${thinking}) · media resolution ${settings.mediaResolution}${sent.mediaResolution ? ` (${sent.mediaResolution})` : ""} · maxOutputTokens ${formatTokens(sent.maxOutputTokens ?? 0)}`;
}

function Breakdown({ data }: { data: TryTemplateResult }) {
  const rows: [string, string][] = [
    ["Prompt tokens", formatTokens(data.inputTokens)],
    ["Output tokens", formatTokens(data.outputTokens)],
    ["of which thoughts", formatTokens(data.thoughtsTokens)],
    ["Cached tokens", formatTokens(data.cachedTokens)],
    ["Cost (USD)", `$${data.costUsd.toFixed(6)}`],
    ["Duration", `${(data.durationMs / 1000).toFixed(1)} s${data.attempts > 1 ? ` (${data.attempts} calls)` : ""}`],
  ];
  return (
    <table className="w-full text-xs" aria-label="Tokens and cost of this try">
      <caption className="pb-1 text-left text-slate-500 dark:text-slate-400">What Google billed: the prompt includes the image, the output includes the thoughts.</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label} className="border-b border-slate-200 last:border-0 dark:border-slate-800">
            <th scope="row" className={`py-1 pr-2 text-left font-normal text-slate-600 dark:text-slate-400 ${label.startsWith("of which") ? "pl-4" : ""}`}>
              {label}
            </th>
            <td className="py-1 text-right font-medium tabular-nums">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Try on a sample image": the template as edited (saved or not) with its settings on one image, answered at once, stored nowhere. */
export function TrySample({ instructions, fields, settings }: { instructions: string; fields: TemplateField[]; settings: EditableCallSettings }) {
  const [file, setFile] = useState<File | null>(null);
  const attempt = useMutation({
    mutationFn: (sample: File) => {
      const form = new FormData();
      form.set("image", sample);
      form.set("template", JSON.stringify({ instructions, fields, ...settings }));
      return api<TryTemplateResult>("/api/v1/templates/try", { method: "POST", body: form });
    },
  });
  const error = attempt.error as ApiError | Error | null;
  const refusal = error instanceof ApiError ? SETTINGS_REFUSALS[error.code] : undefined;
  return (
    <section aria-label="Try on a sample image" className="mt-4 space-y-2">
      <p className="text-sm font-medium">Try on a sample image</p>
      <p className="text-xs text-slate-500 dark:text-slate-400">One real Gemini call with the settings as they are now (saved or not); nothing is stored.</p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="file"
          accept="image/*"
          aria-label="Sample image"
          className="text-sm file:mr-2 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <Button onClick={() => file && attempt.mutate(file)} disabled={!file || attempt.isPending}>
          {attempt.isPending ? "Asking Gemini…" : "Try it"}
        </Button>
      </div>
      {error ? (
        <div role="alert" className="rounded-md border [overflow-wrap:anywhere] border-red-200 bg-red-50 p-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {refusal ? <p className="font-medium">{refusal}</p> : null}
          <p>{error.message}</p>
        </div>
      ) : null}
      {attempt.data ? (
        <div data-testid="try-result" className="space-y-2">
          <Breakdown data={attempt.data} />
          <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="try-sent">
            Sent {attempt.data.sent.width}×{attempt.data.sent.height} ({formatTokens(Math.round(attempt.data.sent.bytes / 1024))} KB) with {sentSummary(attempt.data)}. Loupe estimated {formatTokens(attempt.data.estimate.imageTokens)} image tokens,{" "}
            {formatTokens(attempt.data.estimate.promptTokens)} prompt tokens in all.
          </p>
          <pre className="max-h-72 overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">{JSON.stringify(attempt.data.result, null, 2)}</pre>
        </div>
      ) : null}
    </section>
  );
}
