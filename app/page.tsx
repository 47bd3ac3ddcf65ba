import Link from "next/link";
import { AutoRefresh } from "@/components/dashboard/auto-refresh";
import { ThroughputChart } from "@/components/dashboard/throughput-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { getOverview } from "@/lib/dashboard/get-overview";
import { roleAtLeast } from "@/lib/auth/roles";
import { requirePageRole } from "@/lib/server/current-user";
import { geminiAvailable } from "@/lib/gemini/gemini-available";

export const dynamic = "force-dynamic";
// The root layout's title template applies to the segments below it, not to this page of its own segment.
export const metadata = { title: { absolute: "Dashboard · Loupe" } };

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {note ? <dd className="mt-1 text-xs text-slate-500 dark:text-slate-400">{note}</dd> : null}
    </div>
  );
}

export default async function DashboardPage() {
  const user = await requirePageRole("viewer");
  const canCreate = roleAtLeast(user.role, "analyst");
  const now = new Date();
  const overview = await getOverview(getDb(), await geminiAvailable(getDb(), config()), now);
  const finishedToday = overview.succeededToday + overview.failedToday;
  return (
    <>
      {overview.running.some((batch) => batch.status !== "paused") ? <AutoRefresh everyMs={5000} /> : null}
      <PageHeader
        title="Dashboard"
        description="Loupe analyses images in bulk with Google Gemini: drop images or a CSV of image URLs, pick a template, and watch thousands of results arrive — then review them and export to CSV, JSON or Excel."
        actions={
          canCreate ? (
            <Link href="/batches/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
              New batch
            </Link>
          ) : null
        }
      />
      {config().LOUPE_DEMO ? (
        <div role="status" className="mb-6 rounded-lg border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          <strong>Demo mode.</strong> Gemini calls go to the built-in emulator with six demo keys; results are made up but follow your templates.
        </div>
      ) : null}
      {!overview.geminiConfigured ? (
        <div role="status" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <strong>Gemini is not configured.</strong> Loupe runs its offline analyzer (dimensions, colours, sharpness, duplicates) until you set
          <code className="mx-1 rounded bg-amber-100 px-1 dark:bg-amber-900">GEMINI_API_KEYS</code> and restart (or try <code className="rounded bg-amber-100 px-1 dark:bg-amber-900">LOUPE_DEMO=1 npm start</code>).
        </div>
      ) : null}
      <dl className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat
          label="Images today"
          value={overview.imagesToday.toLocaleString("en")}
          note={overview.apiAnalysesToday ? `incl. ${overview.apiAnalysesToday.toLocaleString("en")} single image${overview.apiAnalysesToday === 1 ? "" : "s"} through the API` : undefined}
        />
        <Stat label="Success rate" value={finishedToday ? `${((overview.succeededToday / finishedToday) * 100).toFixed(1)}%` : "—"} />
        <Stat label="Tokens today" value={overview.tokensToday.toLocaleString("en")} />
        <Stat label="Cost today" value={`$${overview.costTodayUsd.toFixed(2)}`} />
      </dl>
      {overview.batches === 0 ? (
        <EmptyState title="No batches yet" action={canCreate ? { href: "/batches/new", label: "Create your first batch" } : undefined}>
          A batch is a set of images analysed with one template. Start with a few images from your computer or a CSV with a column of image URLs.
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-label="Running batches" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="text-sm font-medium">Running batches</h2>
            {overview.running.length === 0 ? <p className="mt-3 text-sm text-slate-500">Nothing is running. <Link className="underline" href="/batches">See all batches</Link>.</p> : null}
            <ul className="mt-3 space-y-3">
              {overview.running.map((batch) => (
                <li key={batch.id}>
                  <div className="flex items-center justify-between gap-2 text-sm">
                    <Link href={`/batches/${batch.id}`} className="truncate font-medium hover:underline">
                      {batch.name}
                    </Link>
                    <StatusBadge status={batch.status} />
                  </div>
                  <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" role="progressbar" aria-valuemin={0} aria-valuemax={batch.total} aria-valuenow={batch.finished} aria-label={`${batch.name} progress`}>
                    <div className="h-full bg-brand-500" style={{ width: `${batch.total ? (batch.finished / batch.total) * 100 : 0}%` }} />
                  </div>
                  <p className="mt-0.5 text-xs text-slate-500 tabular-nums">
                    {batch.finished.toLocaleString("en")} / {batch.total.toLocaleString("en")}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <ThroughputChart points={overview.throughput} now={now} />
        </div>
      )}
    </>
  );
}
