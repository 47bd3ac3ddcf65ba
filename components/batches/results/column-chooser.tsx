"use client";

import { useRef } from "react";
import type { ResultColumn } from "./result-columns";

/** Which columns the results table shows: a menu of checkboxes, the template's fields first. */
export function ColumnChooser({ columns, visible, onChange }: { columns: ResultColumn[]; visible: string[]; onChange: (next: string[]) => void }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const toggle = (id: string, on: boolean) => onChange(on ? columns.map((c) => c.id).filter((c) => c === id || visible.includes(c)) : visible.filter((c) => c !== id));
  return (
    <details ref={menu} className="relative" onKeyDown={(event) => event.key === "Escape" && menu.current?.removeAttribute("open")}>
      <summary className="inline-flex cursor-pointer list-none items-center rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
        Columns ▾
      </summary>
      <fieldset aria-label="Columns" className="absolute right-0 z-30 mt-1 max-h-80 w-56 overflow-y-auto rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
        {columns.map((column) => (
          <label key={column.id} className="flex items-center gap-2 rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
            <input type="checkbox" checked={visible.includes(column.id)} onChange={(event) => toggle(column.id, event.target.checked)} />
            <span className={column.field ? "font-medium" : ""}>{column.label}</span>
            {column.field ? <span className="ml-auto text-xs text-slate-500">{column.field.type}</span> : null}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
