"use client";

import { Button } from "@/components/ui/button";
import type { TemplateField } from "@/lib/templates/schemas";
import { describeCell, formatCell } from "../batches/results/format-cell";

export interface CompareAnswer {
  candidates: { templateId: string; templateName: string; version: number; model: string; runnable: boolean; fields: TemplateField[]; totals: { inputTokens: number; outputTokens: number; costUsd: number; failed: number } }[];
  images: { sha256: string; name: string; cells: { result?: Record<string, unknown>; error?: string; inputTokens: number; outputTokens: number; costUsd: number }[] }[];
}

const usd = (value: number) => `$${value < 0.01 ? value.toFixed(5) : value.toFixed(4)}`;
const same = (values: unknown[]) => values.every((value) => JSON.stringify(value ?? null) === JSON.stringify(values[0] ?? null));

/** One card per sample image: a row per field, a column per candidate, cells that differ between candidates marked. */
export function CompareResults({ answer, onUse, starting }: { answer: CompareAnswer; onUse: (index: number) => void; starting: boolean }) {
  const { candidates, images } = answer;
  const names = [...new Set(candidates.flatMap((candidate) => candidate.fields.map((field) => field.name)))];
  const fieldOf = (name: string) => candidates.flatMap((c) => c.fields).find((field) => field.name === name);
  const differing = images.map((image) => names.filter((name) => !same(image.cells.map((cell) => cell.result?.[name]))).length);
  const label = (index: number) => `${candidates[index].templateName} v${candidates[index].version} · ${candidates[index].model}`;
  return (
    <div className="space-y-4">
      <section aria-label="Totals" className="grid gap-3" style={{ gridTemplateColumns: `repeat(${candidates.length}, minmax(0, 1fr))` }}>
        {candidates.map((candidate, index) => (
          <div key={index} data-testid="compare-total" className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
            <h2 className="font-semibold">{label(index)}</h2>
            <dl className="mt-2 grid grid-cols-2 gap-1 tabular-nums">
              <dt className="text-slate-500">Tokens per image</dt>
              <dd>{Math.round((candidate.totals.inputTokens + candidate.totals.outputTokens) / images.length).toLocaleString("en")}</dd>
              <dt className="text-slate-500">Cost per image</dt>
              <dd>{usd(candidate.totals.costUsd / images.length)}</dd>
              <dt className="text-slate-500">Per 1,000 images</dt>
              <dd>{usd((candidate.totals.costUsd / images.length) * 1000)}</dd>
              <dt className="text-slate-500">Failed</dt>
              <dd>{candidate.totals.failed}</dd>
            </dl>
            <Button variant="primary" className="mt-3" disabled={!candidate.runnable || starting} title={candidate.runnable ? undefined : "A batch runs a template's current version with its own model: save these settings in the template first."} onClick={() => onUse(index)}>
              Use this one
            </Button>
          </div>
        ))}
      </section>
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="compare-summary">
        {differing.filter(Boolean).length} of {images.length} images got different answers; differing fields are marked.
      </p>
      {images.map((image, imageIndex) => (
        <section key={image.sha256 + imageIndex} aria-label={`Sample ${image.name}`} data-testid="compare-image" className="rounded-xl border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex gap-3">
            <h3 className="text-sm font-semibold">{image.name}</h3>
            <span className="text-xs text-slate-500">{differing[imageIndex] ? `${differing[imageIndex]} field${differing[imageIndex] === 1 ? " differs" : "s differ"}` : "same answers"}</span>
          </div>
          <table className="mt-2 w-full table-fixed text-left text-xs">
            <thead>
              <tr className="text-slate-500">
                <th className="w-40 py-1">Field</th>
                {candidates.map((_, index) => (
                  <th key={index} className="py-1">
                    {label(index)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const values = image.cells.map((cell) => cell.result?.[name]);
                const differs = !same(values);
                return (
                  <tr key={name} data-differs={differs || undefined} className="border-t border-slate-100 dark:border-slate-800">
                    <th className="py-1 pr-2 font-medium">{name}</th>
                    {image.cells.map((cell, index) => (
                      <td key={index} title={describeCell(values[index])} className={`truncate py-1 pr-2 ${differs ? "bg-amber-100 text-amber-950 dark:bg-amber-900/40 dark:text-amber-100" : ""}`}>
                        {cell.error ? <span className="text-red-700 dark:text-red-300">{cell.error}</span> : formatCell(values[index], fieldOf(name))}
                      </td>
                    ))}
                  </tr>
                );
              })}
              <tr className="border-t border-slate-100 text-slate-500 dark:border-slate-800">
                <th className="py-1 pr-2 font-medium">tokens · cost</th>
                {image.cells.map((cell, index) => (
                  <td key={index} data-testid="compare-cost" className="py-1 pr-2 tabular-nums">
                    {(cell.inputTokens + cell.outputTokens).toLocaleString("en")} · {usd(cell.costUsd)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
