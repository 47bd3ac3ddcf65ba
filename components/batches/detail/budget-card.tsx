"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { INVALID_USD, parseUsdInput, usd } from "../budget/usd-input";
import type { BatchProgressView } from "./types";
import { useBudgetActions } from "./use-budget-actions";

function Meter({ spent, held, cap, label }: { spent: number; held: number; cap: number; label: string }) {
  const share = (value: number) => `${Math.min(100, (value / cap) * 100)}%`;
  const full = spent + held >= cap * 0.9;
  return (
    <div className="mt-2 flex h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={cap} aria-valuenow={spent}>
      <div className={full ? "bg-amber-500" : "bg-emerald-500"} style={{ width: share(spent) }} />
      <div className="bg-blue-400/70" style={{ width: share(held) }} />
    </div>
  );
}

/**
 * The spending cap and what was billed against it (every call, failed images' too), what calls in progress hold, the day's
 * spend when GEMINI_DAILY_BUDGET_USD is set; an analyst sets, raises or removes the cap here.
 */
export function BudgetCard({ batch, canRun }: { batch: BatchProgressView; canRun: boolean }) {
  const { budget, dailyBudget } = batch;
  const [editing, setEditing] = useState(false);
  const [capText, setCapText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const actions = useBudgetActions(batch);
  if (batch.model === "local" && budget.capUsd === null) return null; // the offline analyzer costs nothing

  const save = (budgetUsd: number | null) => {
    setProblem(null);
    actions.mutate({ budgetUsd, resume: false }, { onSuccess: () => setEditing(false) });
  };
  const submit = () => {
    const value = parseUsdInput(capText);
    if (value === "invalid") return setProblem(INVALID_USD);
    save(value);
  };
  const scope = budget.shared ? (
    <>
      {" "}
      for the whole{" "}
      <Link href={`/batches/${budget.scopeBatchId}`} className="underline">
        upload
      </Link>
      , shared by its parts
    </>
  ) : null;

  return (
    <section aria-label="Budget" className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-64 flex-1">
          <h2 className="text-base font-semibold">Spending cap</h2>
          {budget.capUsd !== null ? (
            <>
              <p className="mt-1 text-slate-700 dark:text-slate-300">
                <span className="font-semibold tabular-nums text-slate-900 dark:text-slate-100" data-testid="budget-spent">
                  {usd(budget.spentUsd)} of {usd(budget.capUsd)}
                </span>{" "}
                spent{scope}
                {budget.heldUsd > 0 ? <span className="text-slate-500 dark:text-slate-400"> · {usd(budget.heldUsd)} held by calls in progress</span> : null}
              </p>
              <Meter spent={budget.spentUsd} held={budget.heldUsd} cap={budget.capUsd} label="Spent of the spending cap" />
              {budget.shared ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">This part: {usd(budget.batchSpentUsd)}</p> : null}
            </>
          ) : (
            <p className="mt-1 text-slate-700 dark:text-slate-300">
              No cap{budget.shared ? " on this upload" : ""}:{" "}
              {(budget.spentUsd || batch.costUsd) > 0 ? (
                <>
                  <span className="tabular-nums">{usd(budget.spentUsd || batch.costUsd)}</span> spent so far.
                </>
              ) : (
                "nothing spent yet."
              )}
            </p>
          )}
          {dailyBudget ? (
            <p className="mt-2 text-xs text-slate-500 dark:text-slate-400" data-testid="daily-budget">
              Today, all batches: {usd(dailyBudget.spentUsd)} of the {usd(dailyBudget.capUsd)} daily cap
              {dailyBudget.heldUsd > 0 ? ` (${usd(dailyBudget.heldUsd)} held)` : ""}; it starts again at{" "}
              {new Date(dailyBudget.resetsAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (midnight Pacific).
            </p>
          ) : null}
        </div>
        {canRun && !editing ? (
          <Button
            onClick={() => {
              setCapText(budget.capUsd !== null ? String(budget.capUsd) : "");
              setEditing(true);
            }}
          >
            {budget.capUsd !== null ? "Change cap" : "Set a cap"}
          </Button>
        ) : null}
      </div>
      {editing ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3 dark:border-slate-800"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <label className="flex flex-col gap-1 font-medium">
            Spending cap (USD){budget.shared ? ", for the whole upload" : ""}
            <input
              value={capText}
              onChange={(event) => setCapText(event.target.value)}
              inputMode="decimal"
              placeholder="no cap"
              autoFocus
              aria-invalid={problem ? true : undefined}
              className="w-40 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <Button type="submit" variant="primary" disabled={actions.isPending}>
            Save cap
          </Button>
          {budget.capUsd !== null ? (
            <Button onClick={() => save(null)} disabled={actions.isPending}>
              Remove cap
            </Button>
          ) : null}
          <Button onClick={() => setEditing(false)}>Cancel</Button>
          {batch.status === "paused" && batch.pause?.code === "budget_reached" ? (
            <p className="basis-full text-xs text-slate-500 dark:text-slate-400">Saving does not resume the batch: use Resume (or “Raise cap and resume” above).</p>
          ) : null}
          {problem ? <p className="basis-full text-red-700 dark:text-red-300">{problem}</p> : null}
        </form>
      ) : null}
    </section>
  );
}
