"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { useToast } from "@/components/ui/toaster";
import { ImageFilters, NO_FILTERS, describeFilters, filtersToQuery, type ImageFilterValues } from "./image-filters";
import type { ImageRowView } from "./types";
import { useCan } from "@/components/auth/session-context";

const ROW_HEIGHT = 52;
const COLUMNS = "grid grid-cols-[56px_minmax(0,2fr)_110px_minmax(0,2fr)_60px_70px_80px_90px_90px] items-center gap-3";

export function ImageTable({ batchId, live, errorCodes, onOpen }: { batchId: string; live: boolean; errorCodes: string[]; onOpen: (imageId: string) => void }) {
  const [filters, setFilters] = useState<ImageFilterValues>(NO_FILTERS);
  const toast = useToast();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: ["images", batchId, filters],
    queryFn: ({ pageParam }) =>
      api<{ images: ImageRowView[]; nextCursor: string | null }>(`/api/v1/batches/${batchId}/images?limit=200${pageParam ? `&after=${pageParam}` : ""}${filtersToQuery(filters)}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: live ? 3000 : false,
  });
  const rows = query.data?.pages.flatMap((page) => page.images) ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is used as documented.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (lastIndex >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastIndex, rows.length, query]);

  const canRetry = useCan("analyst");
  const retry = useMutation({
    mutationFn: (imageId: string) => api(`/api/v1/images/${imageId}/retry`, { method: "POST" }),
    onSuccess: () => toast("ok", "Image queued again."),
    onError: (error) => toast("error", (error as Error).message),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ["images", batchId] }), queryClient.invalidateQueries({ queryKey: ["batch", batchId] })]),
  });

  return (
    <section aria-label="Images" className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center gap-3 border-b border-slate-200 p-3 dark:border-slate-800">
        <ImageFilters value={filters} errorCodes={errorCodes} onChange={setFilters} />
        <span className="text-xs text-slate-500">{rows.length.toLocaleString("en")} loaded{query.hasNextPage ? " · scroll for more" : ""}</span>
      </div>
      <div className={`${COLUMNS} border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase text-slate-500 dark:border-slate-800`} role="row">
        <span />
        <span>Name</span>
        <span>Status</span>
        <span>Error</span>
        <span className="text-right">Tries</span>
        <span className="text-right">Time</span>
        <span className="text-right">Tokens</span>
        <span>Review</span>
        <span />
      </div>
      {query.isLoading ? <p className="p-6 text-sm text-slate-500">Loading images…</p> : null}
      {query.isError ? <p role="alert" className="p-6 text-sm text-red-700">{(query.error as Error).message}</p> : null}
      {!query.isLoading && rows.length === 0 ? <p className="p-6 text-sm text-slate-500">No images{describeFilters(filters)}.</p> : null}
      <div ref={scroller} className="h-[560px] overflow-y-auto" data-testid="image-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const image = rows[item.index];
            return (
              <div
                key={image.id}
                role="row"
                data-testid="image-row"
                className={`${COLUMNS} absolute left-0 right-0 cursor-pointer border-b border-slate-100 px-3 text-sm hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50`}
                style={{ top: item.start, height: ROW_HEIGHT }}
                onClick={() => onOpen(image.id)}
              >
                {image.hasFile ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our own authenticated route
                  <img src={`/api/v1/images/${image.id}/file`} alt="" loading="lazy" className="h-10 w-10 rounded object-cover" />
                ) : (
                  <span className="h-10 w-10 rounded bg-slate-100 dark:bg-slate-800" />
                )}
                <button type="button" className="truncate text-left font-medium hover:underline" onClick={() => onOpen(image.id)}>
                  {image.name ?? image.sourceUrl ?? `#${image.id}`}
                </button>
                <span className="flex items-center gap-1">
                  <StatusBadge status={image.status} />
                  {image.cached ? <span className="text-[10px] uppercase text-slate-500" title="Served from the result cache: no Gemini call">cached</span> : null}
                </span>
                {/* A queued image's last error is why it waits (a retry, the batch's budget), not a failure. */}
                <span className={`truncate text-xs ${image.status === "queued" ? "text-amber-800 dark:text-amber-300" : "text-red-700 dark:text-red-300"}`} title={image.lastErrorMessage ?? ""}>
                  {image.status === "failed" || image.status === "queued" ? image.lastErrorMessage : ""}
                </span>
                <span className="text-right tabular-nums">{image.attempts}</span>
                <span className="text-right tabular-nums">{image.durationMs !== null ? `${(image.durationMs / 1000).toFixed(1)}s` : "—"}</span>
                <span className="text-right tabular-nums">{(image.inputTokens + image.outputTokens).toLocaleString("en")}</span>
                <span className="truncate text-xs text-slate-600 dark:text-slate-300">{image.reviewStatus === "none" ? "" : image.reviewStatus.replace("_", " ")}</span>
                <span className="text-right">
                  {image.status === "failed" && canRetry ? (
                    <Button
                      onClick={(event) => {
                        event.stopPropagation();
                        retry.mutate(image.id);
                      }}
                      aria-label={`Retry ${image.name ?? image.id}`}
                    >
                      Retry
                    </Button>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
