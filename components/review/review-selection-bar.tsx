"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FieldFilterBar } from "@/components/batches/results/field-filter-bar";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { REVIEW_REASONS } from "@/lib/review/review-rules";

export interface ReviewSelection {
  reason: string;
  filters: string[];
}

export const selectionQuery = (selection: ReviewSelection) =>
  `${selection.reason ? `&reason=${selection.reason}` : ""}${selection.filters.map((filter) => `&filter=${encodeURIComponent(filter)}`).join("")}`;

const WAITING = Object.entries(REVIEW_REASONS).filter(([reason]) => reason !== "auto_approved");

/**
 * Narrow the queue (why items wait, conditions on fields) and decide on all of it at once: "Approve all 1,240" asks once
 * more, then approves exactly what the count said (the server refuses if more match by then).
 */
export function ReviewSelectionBar({ batchId, selection, onChange, pending, byReason, onDecided }: { batchId?: string; selection: ReviewSelection; onChange: (next: ReviewSelection) => void; pending: number; byReason: Record<string, number>; onDecided: () => void }) {
  const id = useId();
  const toast = useToast();
  const [confirming, setConfirming] = useState<"approve" | "reject" | null>(null);
  const narrowed = Boolean(batchId || selection.reason || selection.filters.length);
  const bulk = useMutation({
    mutationFn: (decision: "approve" | "reject") =>
      api<{ changed: number }>("/api/v1/review/bulk", { method: "POST", json: { decision, batchId, reason: selection.reason || undefined, filter: selection.filters, expectedCount: pending } }),
    onSuccess: ({ changed }, decision) => (toast("ok", `${changed.toLocaleString("en")} results ${decision === "approve" ? "approved" : "rejected"}.`), onDecided()),
    onError: (error) => toast("error", (error as Error).message),
    onSettled: () => setConfirming(null),
  });
  return (
    <section aria-label="Selection" className="mb-4 flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <label htmlFor={`${id}-reason`}>Why</label>
      <select id={`${id}-reason`} value={selection.reason} onChange={(event) => onChange({ ...selection, reason: event.target.value })} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
        <option value="">any reason</option>
        {WAITING.map(([reason, label]) => (
          <option key={reason} value={reason}>
            {label} ({(byReason[reason] ?? 0).toLocaleString("en")})
          </option>
        ))}
      </select>
      <FieldFilterBar filters={selection.filters} fields={[]} onChange={(filters) => onChange({ ...selection, filters })} />
      <span className="ml-auto flex items-center gap-2">
        <span data-testid="selection-count" className="text-slate-500">
          {pending.toLocaleString("en")} waiting{narrowed ? " in this selection" : ""}
        </span>
        {confirming ? (
          <>
            <span role="status">
              {confirming === "approve" ? "Approve" : "Reject"} all {pending.toLocaleString("en")}?
            </span>
            <Button variant={confirming === "approve" ? "primary" : "danger"} disabled={bulk.isPending} onClick={() => bulk.mutate(confirming)}>
              Yes, {confirming} {pending.toLocaleString("en")}
            </Button>
            <Button onClick={() => setConfirming(null)}>Cancel</Button>
          </>
        ) : (
          <>
            <Button variant="primary" disabled={!narrowed || pending === 0} title={narrowed ? undefined : "Choose a batch, a reason or a filter first"} onClick={() => setConfirming("approve")}>
              Approve all {pending.toLocaleString("en")}
            </Button>
            <Button variant="danger" disabled={!narrowed || pending === 0} onClick={() => setConfirming("reject")}>
              Reject all
            </Button>
          </>
        )}
      </span>
    </section>
  );
}
