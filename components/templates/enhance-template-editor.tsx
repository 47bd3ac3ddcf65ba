"use client";

import { useState } from "react";
import { AlertText } from "@/components/ui/alert-text";
import { Button } from "@/components/ui/button";
import { useSaveTemplate } from "./use-save-template";
import { ASPECT_RATIOS, DEFAULT_IMAGE_MODEL, IMAGE_MODELS } from "@/lib/gemini/image-models";

export interface EditableEnhanceTemplate {
  id?: string;
  name: string;
  description: string;
  instructions: string;
  /** null: ENHANCED_IMAGES_COUNT. */
  variants: number | null;
  aspectRatio: string | null;
  model: string;
}

export const NEW_ENHANCE_TEMPLATE: EditableEnhanceTemplate = {
  name: "",
  description: "",
  instructions: "The product alone on a pure white background, soft shadow.",
  variants: 3,
  aspectRatio: "1:1",
  model: DEFAULT_IMAGE_MODEL,
};

const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

/** An enhance template: what Gemini's image model makes of each product photo, how many variants, their shape, the model. */
export function EnhanceTemplateEditor({ initial, onDone }: { initial: EditableEnhanceTemplate; onDone: (message: string) => void }) {
  const [draft, setDraft] = useState(initial);
  const model = IMAGE_MODELS.find((entry) => entry.id === draft.model) ?? IMAGE_MODELS[0];
  const perImageUsd = ((model.imageOutputTokens["1K"] ?? 1290) * (model.prices.imageOutput ?? model.prices.output)) / 1_000_000;
  const { save, saving, error } = useSaveTemplate(
    draft,
    () => ({ kind: "enhance", name: draft.name, description: draft.description || undefined, instructions: draft.instructions, variants: draft.variants, aspectRatio: draft.aspectRatio, model: draft.model }),
    onDone,
  );

  return (
    <section aria-label="Enhance template editor" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Name
        <input className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Instructions for the image model
        <textarea className={inputClass} rows={3} value={draft.instructions} onChange={(e) => setDraft({ ...draft, instructions: e.target.value })} />
      </label>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Variants per product
          <select className={inputClass} value={draft.variants ?? ""} onChange={(e) => setDraft({ ...draft, variants: e.target.value ? Number(e.target.value) : null })}>
            <option value="">Server default</option>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Aspect ratio
          <select className={inputClass} value={draft.aspectRatio ?? ""} onChange={(e) => setDraft({ ...draft, aspectRatio: e.target.value || null })}>
            <option value="">Match the photo</option>
            {ASPECT_RATIOS.map((ratio) => (
              <option key={ratio} value={ratio}>
                {ratio}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Image model
          <select className={inputClass} value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })}>
            {IMAGE_MODELS.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-slate-500" data-testid="enhance-cost">
        About ${perImageUsd.toFixed(3)} per variant ({model.note}), so ${(perImageUsd * (draft.variants ?? 3)).toFixed(3)} per product.
      </p>
      <AlertText>{error}</AlertText>
      <div className="flex gap-2">
        <Button variant="primary" onClick={save} disabled={saving}>
          {draft.id ? "Save as new version" : "Create template"}
        </Button>
        <Button onClick={() => onDone("")}>Cancel</Button>
      </div>
    </section>
  );
}
