"use client";

import type { ReactNode } from "react";
import type { BatchEstimate } from "@/lib/batches/estimate-batch";
import { autoSentence, batchTime, count, engineOf, interactiveTime, interactiveTooSlow, money, type ExecutionMode } from "./estimate-figures";

interface Option {
  mode: ExecutionMode;
  title: string;
  tagline: string;
  cost: ReactNode;
  time: ReactNode;
  note?: ReactNode;
}

/**
 * "How to run it": interactive calls (now, full price, at the keys' quota), the Gemini Batch API (half price, within 24 h)
 * or auto (which of the two Loupe would pick for this batch, and why), each with its cost and time side by side.
 * Native radios in a fieldset: arrow keys move between them, the legend names the group.
 */
export function ModeChoice({
  mode,
  onChange,
  estimate,
  images,
  unavailable,
}: {
  mode: ExecutionMode;
  onChange: (mode: ExecutionMode) => void;
  estimate: BatchEstimate | undefined;
  images: number;
  /** Why Batch API and auto cannot be chosen (offline analyzer, Vertex AI); null: they can. */
  unavailable: string | null;
}) {
  const figures = images > 0 && estimate && estimate.basis !== "offline" ? estimate : null;
  const offline = estimate?.basis === "offline";
  const pending = images > 0 && !estimate ? "estimating…" : "—";
  const batch = figures ? batchTime(figures) : null;
  const autoEngine = engineOf("auto", figures ?? undefined);
  const options: Option[] = [
    {
      mode: "interactive",
      title: "Interactive",
      tagline: "Starts now · full price · at your keys' quota",
      cost: figures ? `≈ ${money(figures.costUsd)}` : offline ? "free (offline analyzer)" : pending,
      time: figures ? interactiveTime(figures) : offline ? "as fast as this server analyses" : pending,
      note: figures?.imagesPerDay
        ? `Your keys allow ${count(figures.imagesPerDay)} images a day: past that it waits for the quota to reset at midnight Pacific.`
        : "As many calls at once as your keys' per-minute quotas allow; results as they come.",
    },
    {
      mode: "batch",
      title: "Batch API",
      tagline: "Half price · results within 24 h",
      cost: figures ? `≈ ${money(figures.batchCostUsd)}` : pending,
      time: batch ? batch.headline : pending,
      note: batch ? batch.detail : "Google's target is 24 h; usually much quicker. Its limits are separate from your keys' per-minute and daily quotas.",
    },
    {
      mode: "auto",
      title: "Auto",
      tagline: "Loupe picks for this batch",
      cost: figures ? `≈ ${money(autoEngine === "batch" ? figures.batchCostUsd : figures.costUsd)}` : pending,
      time: figures ? (autoEngine === "batch" ? batch!.headline : interactiveTime(figures)) : pending,
      note: figures ? <span data-testid="auto-choice">{autoSentence(figures)}</span> : "The Batch API when interactive calls would take too long or need more than a day's quota; interactive calls otherwise.",
    },
  ];

  return (
    <fieldset className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <legend className="px-1 text-base font-semibold">How to run it</legend>
      <div className="grid gap-3 md:grid-cols-3">
        {options.map((option) => {
          const disabled = option.mode !== "interactive" && unavailable !== null;
          return (
            <label
              key={option.mode}
              className={`flex items-start gap-3 rounded-lg border p-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500 ${
                disabled
                  ? "cursor-not-allowed border-slate-200 opacity-60 dark:border-slate-800"
                  : "cursor-pointer border-slate-300 hover:border-brand-500 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:checked]:ring-1 has-[:checked]:ring-brand-600 dark:border-slate-700 dark:has-[:checked]:border-brand-500 dark:has-[:checked]:bg-brand-700/15 dark:has-[:checked]:ring-brand-500"
              }`}
            >
              <input
                type="radio"
                name="mode"
                value={option.mode}
                checked={mode === option.mode}
                disabled={disabled}
                onChange={() => onChange(option.mode)}
                aria-describedby={`mode-${option.mode}-figures`}
                className="mt-1 accent-brand-600 focus-visible:outline-none"
              />
              <span className="min-w-0 flex-1">
                <span className="block font-semibold">{option.title}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{option.tagline}</span>
                <dl id={`mode-${option.mode}-figures`} className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5" data-testid={`mode-${option.mode}-figures`}>
                  <dt className="text-slate-500 dark:text-slate-400">Cost</dt>
                  <dd className="font-medium tabular-nums">{option.cost}</dd>
                  <dt className="text-slate-500 dark:text-slate-400">Time</dt>
                  <dd className="font-medium tabular-nums">{option.time}</dd>
                </dl>
                {disabled ? (
                  <span className="mt-2 block text-xs text-slate-500 dark:text-slate-400">{unavailable}</span>
                ) : option.note ? (
                  <span className="mt-2 block text-xs text-slate-600 dark:text-slate-400">{option.note}</span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
      {figures && interactiveTooSlow(figures) && unavailable === null ? (
        <p role="note" data-testid="batch-recommended" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {figures.imagesPerDay
            ? `${count(figures.images)} images are more than your keys' daily quota (${count(figures.imagesPerDay)} a day): interactive calls would take ${interactiveTime(figures)}.`
            : `Interactive calls would take ${interactiveTime(figures)}.`}{" "}
          The Batch API is the way: half the price ({money(figures.batchCostUsd)}), outside those quotas{figures.autoChooses === "batch" ? ", and what Auto would choose" : ""}.
        </p>
      ) : null}
    </fieldset>
  );
}
