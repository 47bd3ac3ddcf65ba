"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { BeforeAfter } from "@/components/outputs/before-after";
import { operationsSummary } from "@/components/templates/operations-summary";
import { Button } from "@/components/ui/button";
import { api } from "@/components/ui/api";
import type { OutputPairsPage } from "@/lib/outputs/list-output-pairs";

/** The batch's transform and its outputs beside their originals, a page at a time; refreshed while the batch runs. */
export function useBatchOutputs(batchId: string, live: boolean) {
  return useInfiniteQuery({
    queryKey: ["outputs", batchId],
    queryFn: ({ pageParam }) => api<OutputPairsPage>(`/api/v1/batches/${batchId}/outputs?limit=24${pageParam ? `&after=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: live ? 3000 : false,
  });
}

export function OutputsGallery({ batchId, live, onOpen }: { batchId: string; live: boolean; onOpen: (imageId: string) => void }) {
  const query = useBatchOutputs(batchId, live);
  const transform = query.data?.pages[0]?.transform;
  if (!transform) return null;
  const outputs = query.data?.pages.flatMap((page) => page.outputs) ?? [];
  return (
    <section aria-label="Before and after" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">Before / after</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {transform.beforeAnalysis ? "Each image is prepared with " : "Transformed with "}
            <span className="font-medium text-slate-800 dark:text-slate-100">{transform.name}</span>
            {transform.beforeAnalysis ? ", and the analysis sees the result" : ""}: <span data-testid="transform-operations">{operationsSummary(transform.operations)}</span>
          </p>
        </div>
        {outputs.length ? (
          <a href={`/api/v1/batches/${batchId}/export?format=zip`} download className="inline-flex items-center rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
            Download all (ZIP)
          </a>
        ) : null}
      </div>
      {outputs.length === 0 ? <p className="mt-3 text-sm text-slate-500">{live ? "Outputs appear here as images are transformed…" : "No outputs: no image was transformed."}</p> : null}
      <ul className="mt-4 grid gap-4 xl:grid-cols-2">
        {outputs.map((pair) => (
          <li key={pair.id} className="rounded-lg border border-slate-100 p-3 dark:border-slate-800">
            <button type="button" onClick={() => onOpen(pair.imageId)} className="mb-2 block max-w-full truncate text-left text-sm font-medium hover:underline">
              {pair.name}
            </button>
            <BeforeAfter name={pair.name} original={pair.original} output={pair.output} compact />
          </li>
        ))}
      </ul>
      {query.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
