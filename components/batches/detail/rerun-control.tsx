"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

/** "Re-run with…": the same images as a new batch under another template; the original batch and its results stay. */
export function RerunControl({ batchId }: { batchId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [templateId, setTemplateId] = useState("");
  const templates = useQuery({ queryKey: ["templates"], queryFn: () => api<{ templates: { id: string; name: string }[] }>("/api/v1/templates"), enabled: open });
  const rerun = useMutation({
    mutationFn: () => api<{ parentId: string | null; batches: { id: string }[]; task: { id: string; status: string } }>(`/api/v1/batches/${batchId}/rerun`, { method: "POST", json: { templateId: templateId || templates.data?.templates[0]?.id } }),
    onSuccess: (created) => {
      const newBatch = `/batches/${created.parentId ?? created.batches[0].id}`;
      // A large batch answers 202: the new batch is there, its images are copied in the background and its page follows the copy.
      if (created.task.status !== "succeeded") return router.push(`${newBatch}?${new URLSearchParams({ task: created.task.id })}`);
      toast("ok", "Re-run started as a new batch.");
      router.push(newBatch);
    },
    onError: (error) => toast("error", (error as Error).message),
  });
  if (!open) return <Button onClick={() => setOpen(true)}>Re-run with…</Button>;
  return (
    <span className="flex items-center gap-2 rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">
      <label className="sr-only" htmlFor="rerun-template">
        Template for the re-run
      </label>
      <select id="rerun-template" value={templateId} onChange={(event) => setTemplateId(event.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900">
        {(templates.data?.templates ?? []).map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
        <option value="local">Offline analyzer (no Gemini call)</option>
      </select>
      <Button variant="primary" disabled={rerun.isPending || templates.isLoading} onClick={() => rerun.mutate()}>
        Re-run
      </Button>
      <Button onClick={() => setOpen(false)}>Cancel</Button>
    </span>
  );
}
