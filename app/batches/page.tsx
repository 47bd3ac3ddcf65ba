import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listBatches } from "@/lib/batches/list-batches";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Batches" };

export default async function BatchesPage() {
  const batches = await listBatches(getDb());
  return (
    <>
      <PageHeader
        title="Batches"
        actions={
          <Link href="/batches/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            New batch
          </Link>
        }
      />
      {batches.length === 0 ? (
        <EmptyState title="No batches yet" action={{ href: "/batches/new", label: "Create a batch" }}>
          Drop images, a ZIP, or a CSV of image URLs to start. Large CSVs are split into parts automatically.
        </EmptyState>
      ) : (
        <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-900">
          <thead className="bg-slate-100 text-left text-xs uppercase text-slate-500 dark:bg-slate-800 dark:text-slate-400">
            <tr>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2 text-right">Images</th>
              <th className="px-4 py-2 text-right">Succeeded</th>
              <th className="px-4 py-2 text-right">Failed</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="px-4 py-2 font-medium">
                  <Link href={`/batches/${batch.id}`} className="hover:underline">
                    {batch.name}
                  </Link>
                  {batch.kind === "parent" ? <span className="ml-2 text-xs text-slate-500">{batch.totalParts} parts</span> : null}
                </td>
                <td className="px-4 py-2">
                  <StatusBadge status={batch.status} />
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{batch.totalImages.toLocaleString("en")}</td>
                <td className="px-4 py-2 text-right tabular-nums">{batch.succeededCount.toLocaleString("en")}</td>
                <td className="px-4 py-2 text-right tabular-nums">{batch.failedCount.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
