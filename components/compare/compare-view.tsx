"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { api, uploadFile } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { CompareResults, type CompareAnswer } from "./compare-results";

interface TemplateOption {
  id: string;
  name: string;
  kind?: string;
  currentVersion: number;
}
interface Candidate {
  templateId: string;
  model: string;
}
interface Stored {
  sha256: string;
  name: string;
}

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/** Choose 2–3 candidates and a sample (a batch's first images, or 5–50 uploaded), run them, and start a batch with the winner. */
export function CompareView({ batchId: initialBatch }: { batchId?: string }) {
  const id = useId();
  const router = useRouter();
  const templates = useQuery({ queryKey: ["templates"], queryFn: () => api<{ templates: TemplateOption[] }>("/api/v1/templates") });
  const models = useQuery({ queryKey: ["models"], queryFn: () => api<{ models: { id: string }[] }>("/api/v1/models") });
  const batches = useQuery({ queryKey: ["batches", "compare"], queryFn: () => api<{ batches: { id: string; name: string; counts?: { total: number } }[] }>("/api/v1/batches?limit=50") });
  const analysis = (templates.data?.templates ?? []).filter((template) => (template.kind ?? "analysis") === "analysis");
  const [picked, setPicked] = useState<Candidate[]>([{ templateId: "", model: "" }, { templateId: "", model: "" }]);
  const candidates = picked.map((candidate, index) => ({ ...candidate, templateId: candidate.templateId || analysis[index]?.id || analysis[0]?.id || "" }));
  const [source, setSource] = useState<"upload" | "batch">(initialBatch ? "batch" : "upload");
  const [batchId, setBatchId] = useState(initialBatch ?? "");
  const [sampleSize, setSampleSize] = useState(10);
  const [uploaded, setUploaded] = useState<Stored[]>([]);
  const [uploading, setUploading] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  const compare = useMutation({
    mutationFn: () =>
      api<CompareAnswer>("/api/v1/compare", {
        method: "POST",
        json: { candidates: candidates.map((c) => ({ templateId: c.templateId, ...(c.model ? { model: c.model } : {}) })), ...(source === "batch" ? { batchId, sampleSize } : { images: uploaded }) },
      }),
    onMutate: () => setProblem(null),
    onError: (error) => setProblem((error as Error).message),
  });
  const start = useMutation({
    mutationFn: async (index: number) => {
      const chosen = compare.data!.candidates[index];
      const created =
        source === "batch"
          ? await api<{ batches: { id: string }[]; parentId?: string | null }>(`/api/v1/batches/${batchId}/rerun`, { method: "POST", json: { templateId: chosen.templateId } })
          : await api<{ batches: { id: string }[]; parentId?: string | null }>("/api/v1/batches", { method: "POST", json: { name: `Compared: ${chosen.templateName}`, templateId: chosen.templateId, images: uploaded } });
      return created.parentId ?? created.batches[0].id;
    },
    onSuccess: (newBatch) => router.push(`/batches/${newBatch}`),
    onError: (error) => setProblem((error as Error).message),
  });

  async function addFiles(files: File[]) {
    setUploading((n) => n + files.length);
    for (const file of files) {
      try {
        const stored = await uploadFile<Stored>("/api/v1/uploads/images", file, () => {});
        setUploaded((all) => [...all, { sha256: stored.sha256, name: file.name }]);
      } catch (error) {
        setProblem(`${file.name}: ${(error as Error).message}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  }

  return (
    <div className="space-y-6">
      <form aria-label="Comparison" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900" onSubmit={(event) => (event.preventDefault(), compare.mutate())}>
        <fieldset className="space-y-2">
          <legend className="font-semibold">Compare</legend>
          {candidates.map((candidate, index) => (
            <div key={index} className="flex flex-wrap items-center gap-2">
              <label htmlFor={`${id}-t${index}`}>Candidate {index + 1}</label>
              <select id={`${id}-t${index}`} value={candidate.templateId} onChange={(event) => setPicked((all) => all.map((c, i) => (i === index ? { ...candidates[i], templateId: event.target.value } : c)))} className={field}>
                {analysis.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name} (v{template.currentVersion})
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-m${index}`}>model</label>
              <select id={`${id}-m${index}`} value={candidate.model} onChange={(event) => setPicked((all) => all.map((c, i) => (i === index ? { ...candidates[i], model: event.target.value } : c)))} className={field}>
                <option value="">the template&apos;s</option>
                {(models.data?.models ?? []).map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.id}
                  </option>
                ))}
              </select>
              {candidates.length > 2 ? <Button onClick={() => setPicked((all) => all.filter((_, i) => i !== index))}>Remove</Button> : null}
            </div>
          ))}
          {candidates.length < 3 ? <Button onClick={() => setPicked([...candidates, { templateId: "", model: "" }])}>Add a third</Button> : null}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="font-semibold">On these sample images</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name={`${id}-source`} checked={source === "upload"} onChange={() => setSource("upload")} /> Uploaded images (5–50)
          </label>
          {source === "upload" ? (
            <div className="ml-6 flex items-center gap-3">
              <input type="file" multiple accept="image/*" aria-label="Sample images" data-testid="compare-files" onChange={(event) => void addFiles(Array.from(event.target.files ?? []))} />
              <span data-testid="compare-uploaded">{uploaded.length} uploaded{uploading ? ` · ${uploading} uploading` : ""}</span>
            </div>
          ) : null}
          <label className="flex items-center gap-2">
            <input type="radio" name={`${id}-source`} checked={source === "batch"} onChange={() => setSource("batch")} /> The first images of a batch
          </label>
          {source === "batch" ? (
            <div className="ml-6 flex items-center gap-2">
              <label htmlFor={`${id}-batch`}>Batch</label>
              <select id={`${id}-batch`} value={batchId} onChange={(event) => setBatchId(event.target.value)} className={field}>
                <option value="">Choose a batch…</option>
                {(batches.data?.batches ?? []).map((batch) => (
                  <option key={batch.id} value={batch.id}>
                    {batch.name}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-size`}>images</label>
              <input id={`${id}-size`} type="number" min={5} max={50} value={sampleSize} onChange={(event) => setSampleSize(Number(event.target.value))} className={`${field} w-20`} />
            </div>
          ) : null}
        </fieldset>
        <Button type="submit" variant="primary" disabled={compare.isPending || uploading > 0 || (source === "upload" ? uploaded.length < 5 : !batchId)}>
          {compare.isPending ? "Comparing…" : "Run the comparison"}
        </Button>
        {problem ? (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {problem}
          </p>
        ) : null}
      </form>
      {compare.data ? <CompareResults answer={compare.data} onUse={(index) => start.mutate(index)} starting={start.isPending} /> : null}
    </div>
  );
}
