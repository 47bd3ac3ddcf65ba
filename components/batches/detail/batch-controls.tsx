"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import type { BatchProgressView } from "./types";

export function BatchControls({ batch, errorCodes }: { batch: BatchProgressView; errorCodes: string[] }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [retryCode, setRetryCode] = useState("");

  const action = useMutation({
    mutationFn: async ({ path, method = "POST", json }: { path: string; method?: string; json?: unknown; label: string }) => api<unknown>(path, { method, json }),
    onMutate: async ({ path }) => {
      // Optimistic: show the new state at once; the next poll confirms it.
      const next = path.endsWith("/pause") ? "paused" : path.endsWith("/resume") ? "running" : path.endsWith("/cancel") ? "cancelled" : null;
      if (next) queryClient.setQueryData<BatchProgressView>(["batch", batch.id], (old) => (old ? { ...old, status: next } : old));
    },
    onSuccess: (result, { label, method }) => {
      if (method === "DELETE") {
        // A large batch answers 202: its rows go in the background, and the list follows the task's progress.
        const task = (result as { task?: { id: string; status: string } })?.task;
        if (task && task.status !== "succeeded") return router.push(`/batches?${new URLSearchParams({ task: task.id, name: batch.name })}`);
        toast("ok", `Deleted "${batch.name}".`);
        router.push("/batches");
        return;
      }
      const { retried, added } = (result ?? {}) as { retried?: number; added?: number };
      const count = retried ?? added;
      toast("ok", count !== undefined ? `${count.toLocaleString("en")} image${count === 1 ? "" : "s"} ${retried !== undefined ? "queued again" : "added from the bucket"}.` : label);
    },
    onError: (error) => toast("error", (error as Error).message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["batch", batch.id] }).then(() => queryClient.invalidateQueries({ queryKey: ["images", batch.id] })),
  });
  const run = (path: string, label: string, method = "POST", json?: unknown) => action.mutate({ path: `/api/v1${path}`, label, method, json });
  const base = `/batches/${batch.id}`;
  const active = batch.status === "running" || batch.status === "queued";

  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Batch controls">
      {active ? <Button onClick={() => run(`${base}/pause`, "Paused: images in flight will finish.")}>Pause</Button> : null}
      {batch.status === "paused" ? <Button variant="primary" onClick={() => run(`${base}/resume`, "Resumed.")}>Resume</Button> : null}
      {active || batch.status === "paused" ? <Button onClick={() => run(`${base}/cancel`, batch.engine === "batch" ? "Cancelled: Loupe cancels the remote jobs at Google; finished results are kept." : "Cancelled: finished results are kept.")}>Cancel</Button> : null}
      {batch.counts.failed > 0 && batch.status !== "cancelled" ? (
        <span className="flex items-center gap-1">
          <Button onClick={() => run(`${base}/retry-failed`, "Retrying failed images.", "POST", retryCode ? { errorCode: retryCode } : {})}>
            Retry all failed
          </Button>
          <label className="sr-only" htmlFor="retry-code">
            Only this error
          </label>
          <select id="retry-code" value={retryCode} onChange={(event) => setRetryCode(event.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
            <option value="">any error</option>
            {errorCodes.map((code) => (
              <option key={code} value={code}>
                {code.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </span>
      ) : null}
      {batch.sourceUri && batch.status !== "cancelled" ? (
        <Button onClick={() => run(`${base}/sync`, "Synced.")} title={`List ${batch.sourceUri} again and add the keys that are new`}>
          Sync from bucket
        </Button>
      ) : null}
      {confirmDelete ? (
        <span role="alertdialog" aria-label="Confirm delete" className="flex items-center gap-2 rounded-md border border-red-300 px-2 py-1 text-sm dark:border-red-800">
          Delete this batch, its {batch.counts.total.toLocaleString("en")} images and results?
          <Button variant="danger" onClick={() => run(base, "Deleted.", "DELETE")}>
            Yes, delete
          </Button>
          <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
        </span>
      ) : (
        <Button variant="danger" onClick={() => setConfirmDelete(true)}>
          Delete…
        </Button>
      )}
    </div>
  );
}
