"use client";

import { useMemo, useState } from "react";
import { AlertText } from "@/components/ui/alert-text";
import { Button } from "@/components/ui/button";
import { useSaveTemplate } from "./use-save-template";
import { compileTemplate } from "@/lib/templates/compile-template";
import type { TemplateField } from "@/lib/templates/schemas";
import { CallSettingsFields, useModels, type EditableCallSettings } from "./call-settings-fields";
import { CostSummary } from "./cost-summary";
import { TrySample } from "./try-sample";

const SIMPLE_TYPES = ["string", "number", "integer", "boolean", "enum", "list"] as const;

export interface EditableTemplate extends EditableCallSettings {
  id?: string;
  name: string;
  description: string;
  instructions: string;
  fields: TemplateField[];
}

const settingsOf = ({ model, thinking, mediaResolution, maxOutputTokens }: EditableTemplate): EditableCallSettings => ({ model, thinking, mediaResolution, maxOutputTokens });

const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

function FieldRow({ field, index, onChange, onRemove }: { field: TemplateField; index: number; onChange: (field: TemplateField) => void; onRemove: () => void }) {
  const nested = field.type === "object" || (field.type === "list" && field.items?.type === "object");
  return (
    <div className="grid grid-cols-[1fr_120px_2fr_auto_auto] items-center gap-2" data-testid="field-row">
      <input aria-label={`Field ${index + 1} name`} className={inputClass} value={field.name} onChange={(e) => onChange({ ...field, name: e.target.value })} placeholder="field_name" />
      {nested ? (
        <span className="text-xs text-slate-500">{field.type === "list" ? "list of objects" : "object"}</span>
      ) : (
        <select
          aria-label={`Field ${index + 1} type`}
          className={inputClass}
          value={field.type}
          onChange={(e) => {
            const type = e.target.value as TemplateField["type"];
            onChange({ ...field, type, enumValues: type === "enum" ? (field.enumValues ?? ["yes", "no"]) : undefined, items: type === "list" ? { name: "item", type: "string" } : undefined });
          }}
        >
          {SIMPLE_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      )}
      {field.type === "enum" ? (
        <input aria-label={`Field ${index + 1} values`} className={inputClass} value={(field.enumValues ?? []).join(", ")} onChange={(e) => onChange({ ...field, enumValues: e.target.value.split(",").map((v) => v.trim()).filter(Boolean) })} placeholder="values, comma-separated" />
      ) : (
        <input aria-label={`Field ${index + 1} description`} className={inputClass} value={field.description ?? ""} onChange={(e) => onChange({ ...field, description: e.target.value })} placeholder="What Gemini should put here" />
      )}
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={field.required !== false} onChange={(e) => onChange({ ...field, required: e.target.checked })} /> required
      </label>
      <Button onClick={onRemove} aria-label={`Remove field ${index + 1}`}>
        ✕
      </Button>
    </div>
  );
}

export function TemplateEditor({ initial, onDone }: { initial: EditableTemplate; onDone: (message: string) => void }) {
  const [draft, setDraft] = useState(initial);
  const models = useModels();
  const { preview, promptChars } = useMemo(() => {
    try {
      const compiled = compileTemplate(draft);
      return { preview: JSON.stringify(compiled.responseSchema, null, 2), promptChars: compiled.prompt.length };
    } catch (caught) {
      return { preview: `// ${(caught as Error).message}`, promptChars: draft.instructions.length };
    }
  }, [draft]);
  const { save, saving, error } = useSaveTemplate(draft, () => ({ name: draft.name, description: draft.description || undefined, instructions: draft.instructions, fields: draft.fields, ...settingsOf(draft) }), onDone);
  const setField = (index: number, field: TemplateField) => setDraft({ ...draft, fields: draft.fields.map((f, i) => (i === index ? field : f)) });

  return (
    <section aria-label="Template editor" className="grid gap-6 rounded-xl border border-slate-200 bg-white p-4 lg:grid-cols-[3fr_2fr] dark:border-slate-800 dark:bg-slate-900">
      <div className="space-y-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Name
          <input className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Instructions for Gemini
          <textarea className={inputClass} rows={3} value={draft.instructions} onChange={(e) => setDraft({ ...draft, instructions: e.target.value })} />
        </label>
        <p className="text-sm font-medium">Output fields</p>
        {draft.fields.map((field, index) => (
          <FieldRow key={index} index={index} field={field} onChange={(f) => setField(index, f)} onRemove={() => setDraft({ ...draft, fields: draft.fields.filter((_, i) => i !== index) })} />
        ))}
        <Button onClick={() => setDraft({ ...draft, fields: [...draft.fields, { name: `field_${draft.fields.length + 1}`, type: "string", required: true }] })}>Add field</Button>
        {models.data ? (
          <div className="grid gap-3 2xl:grid-cols-[3fr_2fr]">
            <CallSettingsFields catalogue={models.data} value={settingsOf(draft)} onChange={(settings) => setDraft({ ...draft, ...settings })} />
            <CostSummary catalogue={models.data} settings={settingsOf(draft)} promptChars={promptChars} fields={draft.fields} />
          </div>
        ) : models.error ? (
          <AlertText>Could not load the models: {(models.error as Error).message}</AlertText>
        ) : (
          <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label="Loading the models" />
        )}
        <AlertText>{error}</AlertText>
        <div className="flex gap-2">
          <Button variant="primary" onClick={save} disabled={saving}>
            {draft.id ? "Save as new version" : "Create template"}
          </Button>
          <Button onClick={() => onDone("")}>Cancel</Button>
        </div>
      </div>
      <div className="min-w-0">
        <p className="text-sm font-medium">JSON schema sent to Gemini (live)</p>
        <pre data-testid="schema-preview" className="mt-2 max-h-[480px] overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">
          {preview}
        </pre>
        <TrySample instructions={draft.instructions} fields={draft.fields} settings={settingsOf(draft)} />
      </div>
    </section>
  );
}
