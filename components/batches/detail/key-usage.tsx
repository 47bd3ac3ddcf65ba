"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import { SimpleTable } from "@/components/ui/simple-table";
import type { KeyUsage } from "@/lib/batches/get-key-usage";

/** Key utilisation: which pool keys served this batch in the last hour (masked), refreshed slowly while it runs. */
export function KeyUsageCard({ batchId, live }: { batchId: string; live: boolean }) {
  const { data } = useQuery({
    queryKey: ["batch-keys", batchId],
    queryFn: () => api<{ keys: KeyUsage[] }>(`/api/v1/batches/${batchId}/keys`),
    refetchInterval: live ? 10_000 : false,
  });
  if (!data || data.keys.length === 0) return null;
  const total = data.keys.reduce((sum, key) => sum + key.calls, 0);
  return (
    <section aria-label="Key utilisation" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="mb-2 text-base font-semibold">Gemini keys, last hour</h2>
      <SimpleTable framed={false} columns={["Key", "Share of calls", "Calls", "Succeeded", "429s (not failures)", "Errors", "Average"]}>
        {data.keys.map((key) => (
          <tr key={key.key} data-testid="key-usage-row">
            <td className="px-3 py-1.5 font-mono">{key.key}</td>
            <td className="px-3 py-1.5">
              <span className="inline-block h-2 rounded bg-brand-600 align-middle" style={{ width: `${Math.max(4, Math.round((key.calls / total) * 120))}px` }} /> {Math.round((key.calls / total) * 100)}%
            </td>
            <td className="px-3 py-1.5 tabular-nums">{key.calls}</td>
            <td className="px-3 py-1.5 tabular-nums">{key.succeeded}</td>
            <td className="px-3 py-1.5 tabular-nums">{key.rateLimited}</td>
            <td className="px-3 py-1.5 tabular-nums">{key.failed}</td>
            <td className="px-3 py-1.5 tabular-nums">{key.averageMs === null ? "—" : `${(key.averageMs / 1000).toFixed(1)} s`}</td>
          </tr>
        ))}
      </SimpleTable>
    </section>
  );
}
