"use client";

import { isImageModel } from "@/lib/gemini/image-models";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { StatusBadge } from "@/components/ui/status-badge";
import { BatchControls } from "./batch-controls";
import { BatchProgress } from "./batch-progress";
import { BudgetCard } from "./budget-card";
import { ExportMenu } from "./export-menu";
import { KeyUsageCard } from "./key-usage";
import { RerunControl } from "./rerun-control";
import { ImageDrawer } from "./image-drawer";
import { ResultsTable } from "../results/results-table";
import { OutputsGallery, useBatchOutputs } from "./outputs-gallery";
import { PauseCallout } from "./pause-callout";
import { UnreachableHosts } from "./unreachable-hosts";
import { RemoteJobsCard } from "./remote-jobs";
import { ACTIVE_STATUSES, RUNNING_BATCH_POLL_MS, remoteJobActive, type BatchProgressView } from "./types";
import { useCan } from "@/components/auth/session-context";
import { TaskProgressBanner } from "../list/task-progress-banner";

/** How the batch reaches Gemini, for its header: what it was asked for (mode) and what that resolved to (engine). */
function modeLabel(batch: BatchProgressView): string | null {
  if (batch.model === "local") return null;
  const how = batch.engine === "batch" ? "Batch API, half price" : "interactive calls";
  return batch.mode === "auto" ? `Auto: ${how}` : batch.engine === "batch" ? how : "Interactive calls, full price";
}

const ERROR_CODES = ["image_not_found", "image_unreachable", "image_refused", "image_unsupported", "image_invalid", "image_too_large", "rate_limited", "overloaded", "server_error", "timeout", "blocked", "bad_output", "internal"];

export function BatchView({ batchId, taskId = null }: { batchId: string; taskId?: string | null }) {
  const [openImage, setOpenImage] = useState<string | null>(null);
  const canRun = useCan("analyst");
  const canReview = useCan("reviewer");
  const { data: batch, error, isLoading } = useQuery({
    queryKey: ["batch", batchId],
    queryFn: () => api<BatchProgressView>(`/api/v1/batches/${batchId}`),
    // Fast while running (or while Loupe still cancels or applies a remote job), slow while paused, stopped when finished.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      // A draft is a re-run whose images are still being copied: it starts on its own once they are.
      if ((status && (ACTIVE_STATUSES.has(status) || status === "draft")) || query.state.data?.remoteJobs?.some(remoteJobActive)) return RUNNING_BATCH_POLL_MS;
      return status === "paused" ? 5000 : false;
    },
  });
  const queryClient = useQueryClient();
  const transform = useBatchOutputs(batchId, Boolean(batch && ACTIVE_STATUSES.has(batch.status))).data?.pages[0]?.transform ?? null;
  const status = batch?.status;
  const processing = batch?.counts.processing;
  // The table polls only while the batch runs: refresh it once more whenever the batch changes state, and as the images
  // still in flight when it paused finish.
  useEffect(() => {
    if (!status) return;
    void queryClient.invalidateQueries({ queryKey: ["images", batchId] });
    void queryClient.invalidateQueries({ queryKey: ["outputs", batchId] });
  }, [status, processing, batchId, queryClient]);

  if (isLoading) return <div className="h-64 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" aria-label="Loading" />;
  if (error || !batch) return <p role="alert" className="text-red-700">{(error as Error)?.message ?? "This batch could not be loaded."}</p>;

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/batches" className="hover:underline">
              Batches
            </Link>
            {batch.parentBatchId ? (
              <>
                {" / "}
                <Link href={`/batches/${batch.parentBatchId}`} className="hover:underline">
                  parent
                </Link>
              </>
            ) : null}
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">{batch.name}</h1>
          <div className="mt-1 flex items-center gap-2 text-sm text-slate-500">
            <StatusBadge status={batch.status} />
            {transform && !transform.beforeAnalysis ? (
              <span>transformed on this server (no Gemini call)</span>
            ) : (
              <span>
                {transform ? "prepared, then " : ""}analysed with {batch.model === "local" ? "the offline analyzer" : batch.model}
              </span>
            )}
            {modeLabel(batch) ? (
              <span data-testid="batch-mode" className={`rounded-full border px-2 py-0.5 text-xs font-medium ${batch.engine === "batch" ? "border-brand-500/50 text-brand-700 dark:text-brand-100" : "border-slate-300 text-slate-600 dark:border-slate-700 dark:text-slate-300"}`}>
                {modeLabel(batch)}
              </span>
            ) : null}
          </div>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {canRun ? <BatchControls batch={batch} errorCodes={ERROR_CODES} /> : null}
          {canRun && batch.kind !== "part" ? <RerunControl batchId={batch.id} /> : null}
          {batch.counts.succeeded > 0 && canReview ? (
            <Link href={`/review?batch=${batch.id}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
              Review
            </Link>
          ) : null}
          {isImageModel(batch.model ?? "") && canReview ? (
            <Link href={`/batches/${batch.id}/variants`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
              Review variants
            </Link>
          ) : null}
          {canRun ? <ExportMenu batchId={batch.id} outputs={Boolean(transform)} /> : null}
        </div>
      </header>
      {taskId ? <TaskProgressBanner taskId={taskId} name={batch.name} /> : null}
      {batch.status === "draft" && !taskId ? (
        <p role="status" className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
          Its images are still being added; it starts by itself once they are all in.
        </p>
      ) : null}
      {/* Keyed by the cap: a raised cap pausing again later suggests from the new one. */}
      <PauseCallout key={batch.budget.capUsd ?? "none"} batch={batch} canRun={canRun} />
      <UnreachableHosts batch={batch} canRun={canRun} />
      <BatchProgress batch={batch} />
      <RemoteJobsCard batch={batch} />
      <BudgetCard batch={batch} canRun={canRun} />
      {batch.model !== "local" ? <KeyUsageCard batchId={batch.id} live={ACTIVE_STATUSES.has(batch.status)} /> : null}
      {batch.parts && batch.parts.length ? (
        <section aria-label="Parts" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="text-base font-semibold">Parts</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {batch.parts.map((part) => (
              <li key={part.id} className="flex items-center gap-4 py-2">
                <Link href={`/batches/${part.id}`} className="w-96 truncate font-medium hover:underline">
                  {part.name}
                </Link>
                <StatusBadge status={part.status} />
                <span className="tabular-nums">{part.counts.total.toLocaleString("en")} images</span>
                <span className="tabular-nums text-slate-500">{part.percentDone}% done</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <OutputsGallery batchId={batch.id} live={ACTIVE_STATUSES.has(batch.status)} onOpen={setOpenImage} />
      <ResultsTable batchId={batch.id} live={ACTIVE_STATUSES.has(batch.status)} errorCodes={ERROR_CODES} onOpen={setOpenImage} />
      {openImage ? <ImageDrawer imageId={openImage} onClose={() => setOpenImage(null)} /> : null}
    </div>
  );
}
