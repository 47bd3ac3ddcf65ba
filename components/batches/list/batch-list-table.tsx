import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import type { BatchListItem } from "@/lib/batches/list-batches";

type Row = Omit<BatchListItem, "parts">;

function percentDone(batch: Row) {
  const done = batch.succeededCount + batch.failedCount + batch.cancelledCount;
  return batch.totalImages ? Math.floor((done / batch.totalImages) * 100) : 0;
}

function BatchRow({ batch, part = false }: { batch: Row; part?: boolean }) {
  const percent = percentDone(batch);
  return (
    <tr data-testid={part ? "batch-part-row" : "batch-row"} className={`border-t border-slate-200 dark:border-slate-800 ${part ? "bg-slate-50/60 dark:bg-slate-900/60" : ""}`}>
      <td className={`py-2 pr-4 font-medium ${part ? "pl-10 text-sm font-normal" : "pl-4"}`}>
        <Link href={`/batches/${batch.id}`} className="hover:underline">
          {batch.name}
        </Link>
        {batch.kind === "parent" ? <span className="ml-2 text-xs text-slate-500">{batch.totalParts} parts</span> : null}
      </td>
      <td className="px-4 py-2">
        <StatusBadge status={batch.status} />
      </td>
      <td className="px-4 py-2">
        <div className="flex items-center gap-2" title={`${percent}% done`}>
          <div className="h-1.5 w-24 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={`${batch.name} progress`}>
            <div className={`h-full ${batch.failedCount ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
          </div>
          <span className="w-10 text-right text-xs tabular-nums text-slate-500">{percent}%</span>
        </div>
      </td>
      <td className="px-4 py-2 text-right tabular-nums">{batch.totalImages.toLocaleString("en")}</td>
      <td className="px-4 py-2 text-right tabular-nums">{batch.succeededCount.toLocaleString("en")}</td>
      <td className="px-4 py-2 text-right tabular-nums">{batch.failedCount.toLocaleString("en")}</td>
      <td className="px-4 py-2 text-right text-xs text-slate-500">
        <time dateTime={batch.createdAt.toISOString()}>{batch.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time>
      </td>
    </tr>
  );
}

/** Batches with their parts indented under each parent. */
export function BatchListTable({ batches }: { batches: BatchListItem[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-sm">
        <thead className="bg-slate-100 text-left text-xs uppercase text-slate-500 dark:bg-slate-800 dark:text-slate-400">
          <tr>
            <th className="px-4 py-2">Name</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Progress</th>
            <th className="px-4 py-2 text-right">Images</th>
            <th className="px-4 py-2 text-right">Succeeded</th>
            <th className="px-4 py-2 text-right">Failed</th>
            <th className="px-4 py-2 text-right">Created (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {batches.flatMap(({ parts, ...batch }) => [
            <BatchRow key={batch.id} batch={batch} />,
            ...(parts ?? []).map((partBatch) => <BatchRow key={partBatch.id} batch={partBatch} part />),
          ])}
        </tbody>
      </table>
    </div>
  );
}
