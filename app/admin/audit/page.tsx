import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditLog } from "@/lib/auth/record-audit";
import { appContext } from "@/lib/server/app-context";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requirePageRole("admin");
  const { before } = await searchParams;
  const page = await listAuditLog(appContext().db, { limit: 50, before: before && /^\d{1,18}$/.test(before) ? BigInt(before) : undefined });
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, when: sign-ins, users, tokens, deleted and cancelled batches, template edits." />
      {page.entries.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing recorded yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead>
              <tr>
                {["When", "Who", "Action", "Target", "Details"].map((h) => (
                  <th key={h} className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {page.entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">{new Date(entry.at).toLocaleString()}</td>
                  <td className="px-3 py-2">{entry.user ?? "system"}</td>
                  <td className="px-3 py-2 font-mono">{entry.action}</td>
                  <td className="px-3 py-2 font-mono text-xs">{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}` : "—"}</td>
                  <td className="max-w-md truncate px-3 py-2 font-mono text-xs">{entry.details ? JSON.stringify(entry.details) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextBefore ? (
        <Link href={`/admin/audit?before=${page.nextBefore}`} className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Older entries
        </Link>
      ) : null}
    </>
  );
}
