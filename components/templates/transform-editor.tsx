"use client";

import { useState } from "react";
import { AlertText } from "@/components/ui/alert-text";
import { Button } from "@/components/ui/button";
import { useSaveTemplate } from "./use-save-template";
import { TryTransform } from "./try-transform";

export interface EditableTransform {
  id?: string;
  name: string;
  description: string;
  /** The operations as JSON text, as the person writes them. */
  operationsText: string;
}

const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

// One line per operation the language has, to copy from.
const REFERENCE = [
  '{"op":"resize","width":1200,"height":1200,"fit":"inside|cover|contain|fill|outside","withoutEnlargement":true}',
  '{"op":"crop","left":0,"top":0,"width":800,"height":600}  or  {"op":"crop","strategy":"attention|entropy","width":400,"height":400}',
  '{"op":"rotate","angle":90}  {"op":"flip"}  {"op":"flop"}  {"op":"trim"}',
  '{"op":"blur","sigma":2}  {"op":"sharpen"}  {"op":"median","size":3}  {"op":"emboss"}  {"op":"edge"}  {"op":"contour"}',
  '{"op":"brightness","factor":1.1}  {"op":"contrast","factor":1.2}  {"op":"saturation","factor":0.8}  {"op":"grayscale"}',
  '{"op":"flatten","background":"#ffffff"}  {"op":"format","format":"jpeg|png|webp|avif|tiff|gif","quality":82}',
];

/** Parses the text as a list, or says what is wrong with it (the server checks each operation on save). */
function readOperations(text: string): { operations?: unknown[]; problem?: string } {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? { operations: value } : { problem: "The operations must be a JSON list: [ {…}, {…} ]." };
  } catch (caught) {
    return { problem: `Not valid JSON yet: ${(caught as Error).message}` };
  }
}

export function TransformEditor({ initial, onDone }: { initial: EditableTransform; onDone: (message: string) => void }) {
  const [draft, setDraft] = useState(initial);
  const parsed = readOperations(draft.operationsText);
  const { save, saving, error } = useSaveTemplate(draft, () => ({ kind: "transform", name: draft.name, description: draft.description || undefined, operations: parsed.operations }), onDone);

  return (
    <section aria-label="Transform editor" className="grid gap-6 rounded-xl border border-slate-200 bg-white p-4 lg:grid-cols-[3fr_2fr] dark:border-slate-800 dark:bg-slate-900">
      <div className="space-y-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">A transform template makes an image from each image of a batch, with the operations below in order (no Gemini call). Use it alone, or before an analysis template.</p>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Name
          <input className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Description
          <input className={inputClass} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Operations (JSON)
          <textarea className={`${inputClass} font-mono text-xs`} rows={8} spellCheck={false} value={draft.operationsText} onChange={(e) => setDraft({ ...draft, operationsText: e.target.value })} aria-invalid={parsed.problem ? true : undefined} aria-describedby="operations-problem" />
        </label>
        <p id="operations-problem" className="text-xs text-amber-700 dark:text-amber-300">{parsed.problem ?? ""}</p>
        <AlertText>{error}</AlertText>
        <div className="flex gap-2">
          <Button variant="primary" onClick={save} disabled={saving || Boolean(parsed.problem)}>
            {draft.id ? "Save as new version" : "Create transform"}
          </Button>
          <Button onClick={() => onDone("")}>Cancel</Button>
        </div>
      </div>
      <div className="min-w-0 space-y-4">
        <div>
          <p className="text-sm font-medium">Operations</p>
          <ul className="mt-2 space-y-1 break-all rounded bg-slate-100 p-3 font-mono text-[11px] leading-relaxed text-slate-700 dark:bg-slate-800 dark:text-slate-200">
            {REFERENCE.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <TryTransform operationsText={draft.operationsText} disabled={Boolean(parsed.problem)} />
      </div>
    </section>
  );
}
