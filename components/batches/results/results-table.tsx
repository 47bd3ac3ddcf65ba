"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { useToast } from "@/components/ui/toaster";
import type { TemplateField } from "@/lib/templates/schemas";
import { ExportMenu } from "../detail/export-menu";
import { ImageFilters, NO_FILTERS, describeFilters, filtersToQuery, type ImageFilterValues } from "../detail/image-filters";
import type { ImageRowView } from "../detail/types";
import { ColumnChooser } from "./column-chooser";
import { FieldFilterBar } from "./field-filter-bar";
import { describeCell, formatCell, valueAt } from "./format-cell";
import { IMAGE_COLUMNS, defaultVisible, fieldColumns, loadVisible, saveVisible, type ResultColumn } from "./result-columns";

const ROW_HEIGHT = 52;
type Sort = { field: string; order: "asc" | "desc" } | null;
type Page = { images: ImageRowView[]; nextCursor: string | null; fields: TemplateField[] };

/** The query string of the table's filters and sort: the images list and the export read the same parameters. */
function tableQuery(filters: ImageFilterValues, fieldFilters: string[], sort: Sort) {
  return `${filtersToQuery(filters)}${fieldFilters.map((filter) => `&filter=${encodeURIComponent(filter)}`).join("")}${sort ? `&sort=${sort.field}&order=${sort.order}` : ""}`;
}

function Cell({ column, image, canRetry, onRetry }: { column: ResultColumn; image: ImageRowView; canRetry: boolean; onRetry: () => void }) {
  const right = column.align === "right" ? "text-right tabular-nums" : "";
  if (column.field) {
    const value = valueAt(image.reviewedResult ?? image.result, column.field.name);
    return (
      <span className={`truncate ${right}`} title={describeCell(value)}>
        {formatCell(value, column.field)}
      </span>
    );
  }
  switch (column.id) {
    case "status":
      return (
        <span className="flex items-center gap-1">
          <StatusBadge status={image.status} />
          {image.cached ? <span className="text-[10px] uppercase text-slate-500" title="Served from the result cache: no Gemini call">cached</span> : null}
          {image.status === "failed" && canRetry ? (
            <Button className="!px-2 !py-0.5 text-xs" onClick={(event) => (event.stopPropagation(), onRetry())} aria-label={`Retry ${image.name ?? image.id}`}>
              Retry
            </Button>
          ) : null}
        </span>
      );
    case "error":
      // A queued image's last error is why it waits (a retry, the batch's budget), not a failure.
      return (
        <span className={`truncate text-xs ${image.status === "queued" ? "text-amber-800 dark:text-amber-300" : "text-red-700 dark:text-red-300"}`} title={image.lastErrorMessage ?? ""}>
          {image.status === "failed" || image.status === "queued" ? image.lastErrorMessage : ""}
        </span>
      );
    case "tries":
      return <span className={right}>{image.attempts}</span>;
    case "time":
      return <span className={right}>{image.durationMs !== null ? `${(image.durationMs / 1000).toFixed(1)}s` : "—"}</span>;
    case "tokens":
      return <span className={right}>{(image.inputTokens + image.outputTokens).toLocaleString("en")}</span>;
    default:
      return <span className="truncate text-xs text-slate-600 dark:text-slate-300" title={image.reviewNote ?? ""}>{image.reviewStatus === "none" ? "" : image.reviewStatus.replace("_", " ")}{image.reviewedResult ? " (edited)" : ""}</span>;
  }
}

/**
 * The batch's results: one row per image, one column per template field (chosen in Columns), filtered on the server by
 * status and by fields (category = shoes), sorted by a field's header. Keyset pages of 200 load as the list scrolls;
 * only the rows in view are rendered, so a million rows scroll like a hundred.
 */
export function ResultsTable({ batchId, live, errorCodes, onOpen }: { batchId: string; live: boolean; errorCodes: string[]; onOpen: (imageId: string) => void }) {
  const [filters, setFilters] = useState<ImageFilterValues>(NO_FILTERS);
  const [fieldFilters, setFieldFilters] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>(null);
  const [chosen, setChosen] = useState<string[] | null>(() => (typeof window === "undefined" ? null : loadVisible(batchId)));
  const toast = useToast();
  const queryClient = useQueryClient();
  const filterQuery = tableQuery(filters, fieldFilters, sort);
  const query = useInfiniteQuery({
    queryKey: ["images", batchId, filterQuery],
    queryFn: ({ pageParam }) => api<Page>(`/api/v1/batches/${batchId}/images?limit=200${pageParam ? `&after=${pageParam}` : ""}${filterQuery}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: live ? 3000 : false,
    placeholderData: (previous) => previous,
  });
  const rows = query.data?.pages.flatMap((page) => page.images) ?? [];
  const fields = useMemo(() => query.data?.pages[0]?.fields ?? [], [query.data]);
  const allColumns = useMemo(() => [IMAGE_COLUMNS[0], ...fieldColumns(fields), ...IMAGE_COLUMNS.slice(1)], [fields]);
  const visible = chosen ?? defaultVisible(fields);
  const columns = allColumns.filter((column) => visible.includes(column.id));
  const template = `56px minmax(160px,2fr) ${columns.map((column) => column.width).join(" ")}`;

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
  const choose = (next: string[]) => (setChosen(next), saveVisible(batchId, next));
  const sortBy = (field: string) => setSort((current) => (current?.field !== field ? { field, order: "asc" } : current.order === "asc" ? { field, order: "desc" } : null));
  const filtered = fieldFilters.length > 0 || Object.values(filters).some(Boolean);

  return (
    <section aria-label="Results" className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 p-3 dark:border-slate-800">
        <ImageFilters value={filters} errorCodes={errorCodes} onChange={setFilters} />
        <FieldFilterBar filters={fieldFilters} fields={fields} onChange={setFieldFilters} />
        <span className="ml-auto flex items-center gap-2">
          <span className="text-xs text-slate-500" data-testid="results-count">
            {rows.length.toLocaleString("en")} loaded{query.hasNextPage ? " · scroll for more" : ""}
            {sort ? ` · sorted by ${sort.field} (${sort.order === "asc" ? "ascending" : "descending"}), images with a ${sort.field}` : ""}
          </span>
          {filtered && canRetry ? <ExportMenu batchId={batchId} query={filterQuery.replace(/&sort=[^&]*&order=[^&]*/, "")} label="Export these" /> : null}
          <ColumnChooser columns={allColumns} visible={visible} onChange={choose} />
        </span>
      </div>
      <div ref={scroller} className="h-[560px] overflow-auto" data-testid="image-scroller">
        <div style={{ minWidth: `${220 + columns.length * 120}px` }}>
          <div role="row" style={{ gridTemplateColumns: template }} className="sticky top-0 z-10 grid items-center gap-3 border-b border-slate-200 bg-white px-3 py-2 text-xs font-semibold uppercase text-slate-500 dark:border-slate-800 dark:bg-slate-900">
            <span />
            <span>Name</span>
            {columns.map((column) =>
              column.field ? (
                <button
                  key={column.id}
                  type="button"
                  role="columnheader"
                  aria-sort={sort?.field === column.field.name ? (sort.order === "asc" ? "ascending" : "descending") : "none"}
                  onClick={() => sortBy(column.field!.name)}
                  title={`Sort by ${column.field.name}`}
                  className={`truncate text-left uppercase hover:text-slate-900 dark:hover:text-slate-100 ${column.align === "right" ? "text-right" : ""} ${sort?.field === column.field.name ? "text-brand-700 dark:text-brand-100" : ""}`}
                >
                  {column.label}
                  {sort?.field === column.field.name ? (sort.order === "asc" ? " ▲" : " ▼") : ""}
                </button>
              ) : (
                <span key={column.id} role="columnheader" className={column.align === "right" ? "text-right" : ""}>
                  {column.label}
                </span>
              ),
            )}
          </div>
          {query.isLoading ? <p className="p-6 text-sm text-slate-500">Loading images…</p> : null}
          {query.isError ? <p role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">{(query.error as Error).message}</p> : null}
          {!query.isLoading && !query.isError && rows.length === 0 ? (
            <p className="p-6 text-sm text-slate-500">
              No images{describeFilters(filters)}
              {fieldFilters.length ? ` where ${fieldFilters.join(" and ")}` : ""}.
            </p>
          ) : null}
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const image = rows[item.index];
              return (
                <div
                  key={image.id}
                  role="row"
                  data-testid="image-row"
                  style={{ top: item.start, height: ROW_HEIGHT, gridTemplateColumns: template }}
                  className="absolute left-0 right-0 grid cursor-pointer items-center gap-3 border-b border-slate-100 px-3 text-sm hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
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
                  {columns.map((column) => (
                    <Cell key={column.id} column={column} image={image} canRetry={canRetry} onRetry={() => retry.mutate(image.id)} />
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
