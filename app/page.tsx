import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { getOverview } from "@/lib/dashboard/get-overview";

export const dynamic = "force-dynamic";

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

export default async function DashboardPage() {
  const overview = await getOverview(getDb(), config().geminiKeys.length > 0);
  const finished = overview.succeeded + overview.failed;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Loupe analyses images in bulk with Google Gemini: drop images or a CSV of image URLs, pick a template, and watch thousands of results arrive — then review them and export to CSV, JSON or Excel."
      />
      {config().LOUPE_DEMO ? (
        <div role="status" className="mb-6 rounded-lg border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          <strong>Demo mode.</strong> Gemini calls go to the built-in emulator with six demo keys; results are made up but follow your templates.
        </div>
      ) : null}
      {!overview.geminiConfigured ? (
        <div role="status" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <strong>Gemini is not configured.</strong> Loupe runs its offline analyzer (dimensions, colours, sharpness, duplicates) until you set
          <code className="mx-1 rounded bg-amber-100 px-1 dark:bg-amber-900">GEMINI_API_KEYS</code> and restart.
        </div>
      ) : null}
      <dl className="mb-8 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Batches" value={overview.batches.toLocaleString("en")} />
        <Stat label="Images" value={overview.images.toLocaleString("en")} />
        <Stat label="Succeeded" value={overview.succeeded.toLocaleString("en")} />
        <Stat label="Success rate" value={finished ? `${((overview.succeeded / finished) * 100).toFixed(1)}%` : "—"} />
      </dl>
      {overview.batches === 0 ? (
        <EmptyState title="No batches yet" action={{ href: "/batches/new", label: "Create your first batch" }}>
          A batch is a set of images analysed with one template. Start with a few images from your computer or a CSV with a column of image URLs.
        </EmptyState>
      ) : null}
    </>
  );
}
