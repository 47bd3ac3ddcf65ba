"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import type { TemplateField } from "@/lib/templates/schemas";
import type { TryTemplateResult } from "@/lib/templates/try-template";

/** "Try on a sample image": the template as edited (saved or not) on one image, answered at once, stored nowhere. */
export function TrySample({ instructions, fields }: { instructions: string; fields: TemplateField[] }) {
  const [file, setFile] = useState<File | null>(null);
  const attempt = useMutation({
    mutationFn: (sample: File) => {
      const form = new FormData();
      form.set("image", sample);
      form.set("template", JSON.stringify({ instructions, fields }));
      return api<TryTemplateResult>("/api/v1/templates/try", { method: "POST", body: form });
    },
  });
  return (
    <section aria-label="Try on a sample image" className="mt-4 space-y-2">
      <p className="text-sm font-medium">Try on a sample image</p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="file"
          accept="image/*"
          aria-label="Sample image"
          className="text-sm file:mr-2 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 dark:file:border-slate-700 dark:file:bg-slate-900"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <Button onClick={() => file && attempt.mutate(file)} disabled={!file || attempt.isPending}>
          {attempt.isPending ? "Asking Gemini…" : "Try it"}
        </Button>
      </div>
      {attempt.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {(attempt.error as Error).message}
        </p>
      ) : null}
      {attempt.data ? (
        <div data-testid="try-result">
          <p className="text-xs text-slate-500">
            {attempt.data.model} · {(attempt.data.durationMs / 1000).toFixed(1)} s · {(attempt.data.inputTokens + attempt.data.outputTokens).toLocaleString("en")} tokens · sent{" "}
            {attempt.data.sent.width}×{attempt.data.sent.height}
          </p>
          <pre className="mt-1 max-h-72 overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">{JSON.stringify(attempt.data.result, null, 2)}</pre>
        </div>
      ) : null}
    </section>
  );
}
