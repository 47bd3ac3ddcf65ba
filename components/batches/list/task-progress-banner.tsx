"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import type { TaskView } from "@/lib/tasks/task-types";

const VERBS: Record<string, { running: string; done: string; unit: string }> = {
  "batch.delete": { running: "Deleting", done: "Deleted", unit: "images removed" },
  "batch.cancel": { running: "Cancelling", done: "Cancelled", unit: "queued images cancelled" },
  "batch.retry_failed": { running: "Queueing again the failed images of", done: "Queued again the failed images of", unit: "images queued again" },
  "batch.rerun": { running: "Copying the images into", done: "Copied the images into", unit: "images copied" },
};

/** A long operation started from a batch's page (it answered 202), followed here until it ends: what, how far, the outcome. */
export function TaskProgressBanner({ taskId, name }: { taskId: string; name: string }) {
  const { data: task, error } = useQuery({
    queryKey: ["task", taskId],
    queryFn: () => api<TaskView>(`/api/v1/tasks/${taskId}`),
    refetchInterval: (query) => (query.state.data && ["succeeded", "failed"].includes(query.state.data.status) ? false : 1000),
  });
  if (error) return <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-300">{(error as Error).message}</p>;
  if (!task) return null;
  const verbs = VERBS[task.kind] ?? { running: "Working on", done: "Finished", unit: "done" };
  const finished = task.status === "succeeded";
  const { done, total, percent } = task.progress;
  const files = (task.result as { deletedFiles?: number } | null)?.deletedFiles;
  return (
    <section
      role="status"
      aria-label="Operation in progress"
      data-testid="task-progress"
      className={`mb-4 rounded-xl border p-4 text-sm ${task.status === "failed" ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100" : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"}`}
    >
      <p className="font-medium">
        {task.status === "failed" ? `Could not finish: ${task.error?.message ?? "the operation failed"}` : `${finished ? verbs.done : verbs.running} “${name}”${finished ? "." : "…"}`}
      </p>
      <p className="mt-1 text-slate-600 dark:text-slate-300">
        {total !== null ? `${done.toLocaleString("en")} of ${total.toLocaleString("en")} ${verbs.unit}` : `${done.toLocaleString("en")} ${verbs.unit}`}
        {files !== undefined && finished ? `, ${files.toLocaleString("en")} stored file${files === 1 ? "" : "s"} removed` : ""}
        {!finished && task.status !== "failed" ? ". It goes on in the background; you can leave this page." : ""}
      </p>
      {percent !== null ? (
        <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label="Progress">
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </section>
  );
}
