"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

type Draft = Record<string, string | boolean>;
const isScalarList = (value: unknown): value is (string | number | boolean)[] => Array.isArray(value) && value.every((item) => ["string", "number", "boolean"].includes(typeof item));
const LIST_SEPARATOR = "; ";

/** Each field as an editable text (lists joined with "; ", anything nested as JSON); booleans as checkboxes. */
function toDraft(result: Record<string, unknown>): Draft {
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => [
      key,
      typeof value === "boolean" ? value : typeof value === "string" ? value : typeof value === "number" ? String(value) : isScalarList(value) ? value.join(LIST_SEPARATOR) : JSON.stringify(value),
    ]),
  );
}

/** Back to the result's own shapes: a number stays a number, a list a list; nested values must be valid JSON. */
function fromDraft(draft: Draft, original: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(draft).map(([key, text]) => {
      const before = original[key];
      if (typeof text === "boolean") return [key, text];
      if (typeof before === "number") {
        const number = Number(text);
        if (text.trim() === "" || Number.isNaN(number)) throw new Error(`"${key}" must be a number.`);
        return [key, number];
      }
      if (typeof before === "string") return [key, text];
      if (isScalarList(before)) {
        const items = text.split(";").map((item) => item.trim()).filter(Boolean);
        return [key, before.every((item) => typeof item === "number") && before.length ? items.map(Number) : items];
      }
      try {
        return [key, JSON.parse(text)];
      } catch {
        throw new Error(`"${key}" must be valid JSON.`);
      }
    }),
  );
}

const inputClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Edit a result field by field (or as JSON), then save it as the approved version; the model's original is kept. */
export function ResultEditor({ result, onSave, onCancel, onInvalid }: { result: Record<string, unknown>; onSave: (edited: Record<string, unknown>) => void; onCancel: () => void; onInvalid: (message: string) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(result));
  const [json, setJson] = useState<string | null>(null);

  const save = () => {
    try {
      onSave(json !== null ? JSON.parse(json) : fromDraft(draft, result));
    } catch (error) {
      onInvalid(error instanceof SyntaxError ? "That is not valid JSON; fix it or cancel." : (error as Error).message);
    }
  };

  return (
    <form
      className="space-y-3"
      aria-label="Edit the result"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {json !== null ? (
        <label className="block text-sm font-medium">
          Edit the result (JSON)
          <textarea className={`${inputClass} mt-1 h-48 font-mono text-xs`} value={json} onChange={(event) => setJson(event.target.value)} />
        </label>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,3fr)] items-center gap-x-4 gap-y-2">
          {Object.entries(draft).map(([key, value]) => (
            <label key={key} className="contents text-sm">
              <span className="text-slate-500">{key}</span>
              {typeof value === "boolean" ? (
                <input type="checkbox" className="justify-self-start" checked={value} onChange={(event) => setDraft({ ...draft, [key]: event.target.checked })} />
              ) : (
                <input className={inputClass} value={value} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
              )}
            </label>
          ))}
        </div>
      )}
      <p className="text-xs text-slate-500">{json === null ? "Lists are separated by “;”. Nested values are JSON." : "The whole result as JSON."}</p>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" type="submit">
          Save and approve
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
        <Button onClick={() => setJson(json === null ? JSON.stringify(fromDraftSafe(draft, result), null, 2) : null)}>{json === null ? "Edit as JSON" : "Edit field by field"}</Button>
      </div>
    </form>
  );
}

function fromDraftSafe(draft: Draft, original: Record<string, unknown>) {
  try {
    return fromDraft(draft, original);
  } catch {
    return original;
  }
}
