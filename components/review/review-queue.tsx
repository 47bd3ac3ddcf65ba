"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ResultFields } from "@/components/ui/result-fields";
import { useToast } from "@/components/ui/toaster";
import { REVIEW_REASONS } from "@/lib/review/review-rules";
import { ReviewSelectionBar, selectionQuery, type ReviewSelection } from "./review-selection-bar";
import { ResultEditor } from "./result-editor";

interface ReviewItem {
  id: string;
  batchId: string;
  batchName: string;
  name: string | null;
  sourceUrl: string | null;
  hasFile: boolean;
  result: Record<string, unknown> | null;
  reviewReason: string | null;
  reviewNote: string | null;
}

const reasonLabel = (reason: string | null) => REVIEW_REASONS[(reason ?? "review_all") as keyof typeof REVIEW_REASONS] ?? reason;

type Decision = "approve" | "reject";

const SHORTCUTS = [
  ["j", "next"],
  ["k", "previous"],
  ["a", "approve"],
  ["r", "reject"],
  ["e", "edit"],
] as const;

export function ReviewQueue({ batchId }: { batchId?: string }) {
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState<ReviewSelection>({ reason: "", filters: [] });
  const { data, isLoading, error } = useQuery({
    queryKey: ["review", batchId ?? "all", selection],
    queryFn: () => api<{ pending: number; byReason: Record<string, number>; items: ReviewItem[] }>(`/api/v1/review?limit=100${batchId ? `&batchId=${batchId}` : ""}${selectionQuery(selection)}`),
    placeholderData: (previous) => previous,
  });
  const [index, setIndex] = useState(0);
  const [decided, setDecided] = useState<Record<string, Decision>>({});
  const [editing, setEditing] = useState(false);
  const toast = useToast();
  const items = data?.items ?? [];
  const current = items[Math.min(index, Math.max(items.length - 1, 0))];

  const review = useMutation({
    mutationFn: ({ id, decision, result }: { id: string; decision: Decision; result?: Record<string, unknown> }) => api(`/api/v1/images/${id}/review`, { method: "POST", json: { decision, result } }),
    // Optimistic: mark it at once and move on; roll back with a message if the server refuses.
    onMutate: ({ id, decision }) => {
      setDecided((all) => ({ ...all, [id]: decision }));
      setIndex((i) => Math.min(i + 1, items.length - 1));
    },
    onError: (caught, { id }) => {
      setDecided(({ [id]: _dropped, ...rest }) => rest);
      toast("error", (caught as Error).message);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["review-count"] }),
  });

  const decide = useCallback(
    (decision: Decision, result?: Record<string, unknown>) => current && review.mutate({ id: current.id, decision, result }),
    [current, review],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (editing || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement || event.metaKey || event.ctrlKey) return;
      if (event.key === "j") setIndex((i) => Math.min(i + 1, items.length - 1));
      else if (event.key === "k") setIndex((i) => Math.max(i - 1, 0));
      else if (event.key === "a") decide("approve");
      else if (event.key === "r") decide("reject");
      else if (event.key === "e" && current) {
        event.preventDefault();
        setEditing(true);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items.length, decide, editing, current]);

  if (isLoading) return <div className="h-64 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />;
  const bar = (
    <ReviewSelectionBar
      batchId={batchId}
      selection={selection}
      onChange={(next) => (setSelection(next), setIndex(0))}
      pending={data?.pending ?? 0}
      byReason={data?.byReason ?? {}}
      onDecided={() => (setDecided({}), queryClient.invalidateQueries({ queryKey: ["review"] }))}
    />
  );
  if (error) return <>{bar}<p role="alert" className="text-red-700 dark:text-red-300">{(error as Error).message}</p></>;
  if (!items.length) return <>{bar}<EmptyState title="Nothing to review">Results appear here as batches finish. Approve, reject or correct them before exporting.</EmptyState></>;

  return (
    <>
    {bar}
    <div className="grid gap-6 lg:grid-cols-[280px_1fr]">
      <aside aria-label="Queue" className="rounded-xl border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-900">
        <p className="px-2 py-1 text-xs text-slate-500">{data?.pending.toLocaleString("en")} waiting</p>
        <ol className="max-h-[560px] overflow-y-auto text-sm">
          {items.map((item, i) => (
            <li key={item.id}>
              <button
                type="button"
                onClick={() => setIndex(i)}
                aria-current={item.id === current?.id ? "true" : undefined}
                className={`flex w-full items-center justify-between gap-2 rounded px-2 py-1.5 text-left ${item.id === current?.id ? "bg-brand-100 dark:bg-brand-700/30" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
              >
                <span className="min-w-0">
                  <span className="block truncate">{item.name ?? `#${item.id}`}</span>
                  <span className="block truncate text-[11px] text-slate-500">{reasonLabel(item.reviewReason)}</span>
                </span>
                {decided[item.id] ? <span className={`text-xs ${decided[item.id] === "approve" ? "text-emerald-700" : "text-red-700"}`}>{decided[item.id] === "approve" ? "approved" : "rejected"}</span> : null}
              </button>
            </li>
          ))}
        </ol>
      </aside>
      {current ? (
        <section aria-label="Result under review" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <h2 className="text-lg font-semibold">{current.name ?? `Image #${current.id}`}</h2>
              <p className="text-xs text-slate-500">from {current.batchName}</p>
            </div>
            <div className="flex gap-2">
              <Button variant="primary" onClick={() => decide("approve")}>Approve (a)</Button>
              <Button variant="danger" onClick={() => decide("reject")}>Reject (r)</Button>
              <Button onClick={() => setEditing(true)}>Edit (e)</Button>
            </div>
          </div>
          <p data-testid="review-why" className="rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm text-violet-900 dark:border-violet-900 dark:bg-violet-950/50 dark:text-violet-100">
            <span className="font-semibold">Why it is here: {reasonLabel(current.reviewReason)}.</span> {current.reviewNote ?? "Every result waits for a person."}
          </p>
          {decided[current.id] ? <p role="status" className="text-sm">This result is {decided[current.id] === "approve" ? "approved" : "rejected"}.</p> : null}
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route */}
          {current.hasFile ? <img src={`/api/v1/images/${current.id}/file`} alt={current.name ?? "image"} className="max-h-80 rounded" /> : null}
          {editing ? (
            <ResultEditor
              key={current.id}
              result={current.result ?? {}}
              onSave={(edited) => {
                decide("approve", edited);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
              onInvalid={(message) => toast("error", message)}
            />
          ) : (
            <ResultFields result={current.result ?? {}} />
          )}
          <p className="border-t border-slate-100 pt-3 text-xs text-slate-500 dark:border-slate-800" aria-label="Keyboard shortcuts">
            Keyboard:{" "}
            {SHORTCUTS.map(([key, what]) => (
              <span key={key} className="mr-3">
                <kbd className="rounded border border-slate-300 px-1 dark:border-slate-600">{key}</kbd> {what}
              </span>
            ))}
          </p>
        </section>
      ) : null}
    </div>
    </>
  );
}
