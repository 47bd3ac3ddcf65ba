import Link from "next/link";
import { BatchListTable } from "@/components/batches/list/batch-list-table";
import { TaskProgressBanner } from "@/components/batches/list/task-progress-banner";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { BATCH_STATUSES, batchListQuerySchema, listBatches } from "@/lib/batches/list-batches";
import { getDb } from "@/lib/db/client";
import { roleAtLeast } from "@/lib/auth/roles";
import { requirePageRole } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Batches" };

const inputClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export default async function BatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("viewer");
  const canCreate = roleAtLeast(user.role, "analyst");
  const raw = await searchParams;
  const parsed = batchListQuerySchema.safeParse({ status: raw.status || undefined, q: raw.q || undefined, cursor: raw.cursor || undefined });
  const query = parsed.success ? parsed.data : batchListQuerySchema.parse({});
  const { batches, nextCursor } = await listBatches(getDb(), query);
  const filtered = Boolean(query.status || query.q);
  // A delete (or another long operation) that answered 202 on a batch's page is followed here.
  const taskId = typeof raw.task === "string" && /^[0-9a-f-]{36}$/.test(raw.task) ? raw.task : null;
  const nextHref = nextCursor ? `/batches?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}), cursor: nextCursor })}` : null;
  return (
    <>
      <PageHeader
        title="Batches"
        description="Every batch, newest first. A large CSV's parts are listed under their parent."
        actions={
          canCreate ? (
            <Link href="/batches/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
              New batch
            </Link>
          ) : null
        }
      />
      {taskId ? <TaskProgressBanner taskId={taskId} name={typeof raw.name === "string" ? raw.name.slice(0, 200) : "the batch"} /> : null}
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Search by name
          <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="e.g. spring catalogue" className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Status
          <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
            <option value="">any</option>
            {BATCH_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
          Filter
        </button>
        {filtered ? (
          <Link href="/batches" className="py-1.5 text-sm text-brand-700 hover:underline dark:text-brand-100">
            Clear filters
          </Link>
        ) : null}
      </form>
      {!parsed.success ? <p role="alert" className="mb-4 text-sm text-red-700">{parsed.error.issues[0]?.message}</p> : null}
      {batches.length === 0 && !filtered && !query.cursor ? (
        <EmptyState title="No batches yet" action={canCreate ? { href: "/batches/new", label: "Create a batch" } : undefined}>
          Drop images, a ZIP, or a CSV of image URLs to start. Large CSVs are split into parts automatically.
        </EmptyState>
      ) : batches.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">No batches match these filters.</p>
      ) : (
        <BatchListTable batches={batches} />
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
        {query.cursor ? <Link href={`/batches?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}) })}`} className="text-brand-700 hover:underline dark:text-brand-100">← First page</Link> : <span />}
        {nextHref ? <Link href={nextHref} className="text-brand-700 hover:underline dark:text-brand-100">Older batches →</Link> : null}
      </nav>
    </>
  );
}
