"use client";

import { useRef, useState } from "react";

const FORMATS = [
  { format: "csv", label: "CSV" },
  { format: "xlsx", label: "Excel (.xlsx)" },
  { format: "json", label: "JSON" },
  { format: "jsonl", label: "JSON Lines" },
] as const;

/** Downloads stream straight from the API; the browser saves them under the server's file name. */
export function ExportMenu({ batchId, query = "", label = "Export", outputs = false }: { batchId: string; query?: string; label?: string; /** The batch makes images: offer them as one ZIP. */ outputs?: boolean }) {
  const [raw, setRaw] = useState(false);
  const [bom, setBom] = useState(true);
  const menu = useRef<HTMLDetailsElement>(null);
  const href = (format: string) => `/api/v1/batches/${batchId}/export?format=${format}${raw ? "&raw=1" : ""}${bom && format === "csv" ? "&bom=1" : ""}${query}`;
  return (
    <details ref={menu} className="relative" onKeyDown={(event) => event.key === "Escape" && menu.current?.removeAttribute("open")}>
      <summary className="inline-flex cursor-pointer list-none items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
        {label} ▾
      </summary>
      <div role="menu" aria-label={label} className="absolute right-0 z-30 mt-1 w-60 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
        {FORMATS.map((item) => (
          <a key={item.format} role="menuitem" href={href(item.format)} download onClick={() => menu.current?.removeAttribute("open")} className="block rounded px-2 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800">
            {item.label}
          </a>
        ))}
        {outputs ? (
          <a role="menuitem" href={`/api/v1/batches/${batchId}/export?format=zip`} download onClick={() => menu.current?.removeAttribute("open")} className="block rounded px-2 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800">
            Output images (.zip)
          </a>
        ) : null}
        <hr className="my-2 border-slate-200 dark:border-slate-700" />
        <label className="flex items-center gap-2 px-2 py-1">
          <input type="checkbox" checked={raw} onChange={(event) => setRaw(event.target.checked)} /> Include raw JSON
        </label>
        <label className="flex items-center gap-2 px-2 py-1">
          <input type="checkbox" checked={bom} onChange={(event) => setBom(event.target.checked)} /> UTF-8 BOM (CSV for Excel)
        </label>
      </div>
    </details>
  );
}
