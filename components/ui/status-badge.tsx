const COLOURS: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  draft: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  processing: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  running: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  completed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  approved: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  completed_with_errors: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  paused: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  pending_review: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  rejected: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  cooling_down: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  exhausted: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200",
  invalid: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  disabled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400",
  cancelled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${COLOURS[status] ?? COLOURS.queued}`}>{status.replaceAll("_", " ")}</span>
  );
}
