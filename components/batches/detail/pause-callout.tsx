"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DAILY_BUDGET_REACHED } from "@/lib/budget/budget-messages";
import { INVALID_USD, parseUsdInput } from "../budget/usd-input";
import type { BatchProgressView } from "./types";
import { useBudgetActions } from "./use-budget-actions";

const TITLES: Record<string, string> = {
  budget_reached: "Budget reached",
  model_not_found: "The model is not available",
  unsupported_request: "Gemini refused the template's settings",
  region_unsupported: "Gemini is not available from this server's region",
  failure_rate: "Too many images failed",
};

/**
 * The reason as the page shows it under its title: without the opening words the title already says, and, where the form
 * is right here, without the hint for API callers (PATCH …).
 */
function shownReason(reason: string, ownCap: boolean) {
  let shown = reason.replace(/^(Daily budget reached|Budget reached): /, "");
  if (ownCap) shown = shown.replace(/ \(or PATCH \/api\/v1\/batches\/[0-9a-f-]+ with \{"budgetUsd": …\}\)/, "");
  return shown.charAt(0).toUpperCase() + shown.slice(1);
}

/** A suggestion for the raised cap: twice the current one, in whole cents (to the micro-dollar below a cent). */
function suggestedCap(capUsd: number | null) {
  if (!capUsd) return "";
  const doubled = capUsd * 2;
  return doubled < 0.01 ? doubled.toFixed(6) : (Math.ceil(doubled * 100) / 100).toFixed(2);
}

/**
 * Why the batch paused itself, above everything else on the page, with what to do: the message says which limit and how
 * to continue; at the batch's own cap an analyst can raise it and resume here in one step.
 */
export function PauseCallout({ batch, canRun }: { batch: BatchProgressView; canRun: boolean }) {
  const pause = batch.pause;
  const [capText, setCapText] = useState(() => suggestedCap(batch.budget.capUsd));
  const [problem, setProblem] = useState<string | null>(null);
  const actions = useBudgetActions(batch);
  if (!pause || batch.status !== "paused") return null;
  const daily = pause.code === "budget_reached" && pause.reason.startsWith(DAILY_BUDGET_REACHED);
  const ownCap = pause.code === "budget_reached" && !daily;
  const byPart = pause.batchId !== batch.id ? batch.parts?.find((part) => part.id === pause.batchId) : undefined;

  const raise = () => {
    const value = parseUsdInput(capText);
    if (value === null || value === "invalid") return setProblem(INVALID_USD);
    setProblem(null);
    actions.mutate({ budgetUsd: value, resume: true });
  };

  return (
    <section role="alert" aria-label="Why this batch paused" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700/70 dark:bg-amber-950/40 dark:text-amber-100">
      <h2 className="text-base font-semibold">{daily ? "Daily budget reached" : (TITLES[pause.code] ?? "Paused by Loupe")}</h2>
      {byPart ? (
        <p className="mt-1 text-amber-900 dark:text-amber-200">
          <Link href={`/batches/${byPart.id}`} className="font-medium underline">
            {byPart.name}
          </Link>{" "}
          paused:
        </p>
      ) : null}
      <p className="mt-1 leading-relaxed" data-testid="pause-reason">
        {shownReason(pause.reason, ownCap)}
      </p>
      {ownCap && canRun ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            raise();
          }}
        >
          <label className="flex flex-col gap-1 font-medium">
            New spending cap (USD){batch.budget.shared ? ", for the whole upload" : ""}
            <input
              value={capText}
              onChange={(event) => setCapText(event.target.value)}
              inputMode="decimal"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? "raise-cap-problem" : undefined}
              className="w-40 rounded-md border border-amber-400 bg-white px-2 py-1.5 font-normal text-slate-900 dark:border-amber-700 dark:bg-slate-900 dark:text-slate-100"
            />
          </label>
          <Button type="submit" variant="primary" disabled={actions.isPending}>
            {actions.isPending ? "Saving…" : "Raise cap and resume"}
          </Button>
          {problem ? (
            <p id="raise-cap-problem" className="basis-full text-red-700 dark:text-red-300">
              {problem}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
