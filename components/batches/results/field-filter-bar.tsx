"use client";

import { useId, useState } from "react";
import { parseFieldFilter, FILTER_HELP } from "@/lib/results/parse-field-filter";
import type { TemplateField } from "@/lib/templates/schemas";

/** Filters on the result's fields, as chips: type `category = shoes` and press Enter; × removes one. */
export function FieldFilterBar({ filters, fields, onChange }: { filters: string[]; fields: TemplateField[]; onChange: (next: string[]) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    if (!text.trim()) return;
    const parsed = parseFieldFilter(text);
    if ("problem" in parsed) return setProblem(parsed.problem);
    if (fields.length && !fields.some((field) => field.name === parsed.path[0])) return setProblem(`This batch's results have no field "${parsed.path[0]}". Its fields: ${fields.map((f) => f.name).join(", ")}.`);
    setProblem(null);
    setText("");
    if (!filters.includes(text.trim())) onChange([...filters, text.trim()]);
  };
  const example = fields.find((field) => field.type === "enum") ?? fields.find((field) => field.type === "string");
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-2">
      <label htmlFor={`${id}-filter`} className="text-sm">
        Where
      </label>
      <input
        id={`${id}-filter`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            add();
          }
        }}
        list={`${id}-fields`}
        placeholder={example ? `${example.name} = ${example.enumValues?.[0] ?? "…"}` : "field = value"}
        title={FILTER_HELP}
        aria-describedby={problem ? `${id}-problem` : undefined}
        className="w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      <datalist id={`${id}-fields`}>
        {fields.flatMap((field) => (field.enumValues ?? [""]).map((value) => <option key={`${field.name}=${value}`} value={`${field.name} = ${value}`} />))}
      </datalist>
      <button type="button" onClick={add} className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
        Add filter
      </button>
      {filters.map((filter) => (
        <span key={filter} data-testid="field-filter" className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">
          {filter}
          <button type="button" aria-label={`Remove filter ${filter}`} onClick={() => onChange(filters.filter((f) => f !== filter))} className="rounded-full px-1 hover:bg-brand-100 dark:hover:bg-brand-700/50">
            ×
          </button>
        </span>
      ))}
      {problem ? (
        <p id={`${id}-problem`} role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
