import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditLog } from "@/lib/auth/record-audit";
import { appContext } from "@/lib/server/app-context";
import { requirePageRole } from "@/lib/server/current-user";
import { SimpleTable } from "@/components/ui/simple-table";

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
        <SimpleTable columns={["When", "Who", "Action", "Target", "Details"]}>
          {page.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row">
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{new Date(entry.at).toLocaleString()}</td>
              <td className="px-3 py-2">{entry.user ?? "system"}</td>
              <td className="px-3 py-2 font-mono">{entry.action}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}` : "—"}</td>
              <td className="max-w-md truncate px-3 py-2 font-mono text-xs">{entry.details ? JSON.stringify(entry.details) : ""}</td>
            </tr>
          ))}
        </SimpleTable>
      )}
      {page.nextBefore ? (
        <Link href={`/admin/audit?before=${page.nextBefore}`} className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Older entries
        </Link>
      ) : null}
    </>
  );
}
