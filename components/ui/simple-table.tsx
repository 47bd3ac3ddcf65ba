import type { ReactNode } from "react";

/** A bordered table with a header row of column titles: the admin lists (users, audit log) share it. */
export function SimpleTable({ columns, children, framed = true }: { columns: string[]; children: ReactNode; framed?: boolean }) {
  const table = (
    <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
      <thead>
        <tr>
          {columns.map((title, index) => (
            <th key={`${index}-${title}`} className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              {title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
    </table>
  );
  return framed ? <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">{table}</div> : <div className="overflow-x-auto">{table}</div>;
}
