"use client";

import { useState } from "react";

export interface CsvPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  delimiter: string;
  encoding: string;
  columns: string[];
  rows: string[][];
  suggestedMapping: { url: string; name: string | null; externalId: string | null; carry: string[]; feed?: Feed | null } | null;
}

export type Feed = "shopify" | "merchant";

export interface Mapping {
  url: string;
  name: string;
  externalId: string;
  carry: string[];
  feed: Feed | null;
}

const FEED_NOTES: Record<Feed, string> = {
  shopify: "Shopify product export: every Image Src (and Variant Image) becomes an image, with its product's Handle, Title and Image Position.",
  merchant: "Google Merchant feed: image_link and each additional_image_link become images, with the product's id, title and image_position (1 = main image).",
};

const FIRST_IMAGES = 8;

function PreviewImage({ url, alt }: { url: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <span className="flex h-full items-center justify-center p-1 text-center text-[11px] text-red-700 dark:text-red-300" title={url}>did not load</span>;
  // eslint-disable-next-line @next/next/no-img-element -- the row's own URL, shown as it is
  return <img src={url} alt={alt} data-testid="csv-first-image" loading="lazy" referrerPolicy="no-referrer" className="h-full w-full object-cover" onError={() => setFailed(true)} />;
}

/**
 * The first rows' images, loaded by the browser from their URLs (as a person checking the column would open them), so
 * a wrong column or dead links show before the batch is created. Nothing is stored or fetched by Loupe for them.
 */
function FirstImages({ preview, urlColumn }: { preview: CsvPreview; urlColumn: string }) {
  const column = preview.columns.indexOf(urlColumn);
  if (column < 0) return null;
  const urls = preview.rows.map((row) => row[column]?.trim() ?? "").filter((url) => /^https?:\/\//i.test(url)).slice(0, FIRST_IMAGES);
  return (
    <figure aria-label="First images" className="mt-4">
      <figcaption className="text-sm font-medium">First images of “{urlColumn}”</figcaption>
      {urls.length ? (
        <ul className="mt-2 flex gap-2 overflow-x-auto">
          {urls.map((url, index) => (
            <li key={`${index}-${url}`} className="h-24 w-24 shrink-0 overflow-hidden rounded border border-slate-200 bg-slate-100 dark:border-slate-700 dark:bg-slate-800">
              <PreviewImage url={url} alt={`Row ${index + 1}: ${url}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">The first rows of this column hold no http(s) URL: choose the column with the image links.</p>
      )}
    </figure>
  );
}

const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

function ColumnSelect({ id, label, value, columns, optional, onChange }: { id: string; label: string; value: string; columns: string[]; optional?: boolean; onChange: (value: string) => void }) {
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900">
        {optional ? <option value="">— none —</option> : <option value="">Choose a column…</option>}
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CsvMapping({ preview, mapping, onChange }: { preview: CsvPreview; mapping: Mapping; onChange: (mapping: Mapping) => void }) {
  const columns = mapping.feed === "merchant" && !preview.columns.includes("image_position") ? [...preview.columns, "image_position"] : preview.columns;
  const carryable = columns.filter((column) => column !== mapping.url);
  return (
    <section aria-labelledby="csv-mapping-title" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="csv-mapping-title" className="text-base font-semibold">
        {preview.fileName}
      </h2>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {(preview.bytes / 1024).toFixed(0)} KB · {DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}-separated · {preview.encoding === "latin1" ? "Latin-1 (converted to UTF-8)" : "UTF-8"}
      </p>
      <label htmlFor="map-feed" className="mt-4 flex max-w-md flex-col gap-1 text-sm font-medium">
        Rows are
        <select id="map-feed" value={mapping.feed ?? ""} onChange={(event) => onChange({ ...mapping, feed: (event.target.value || null) as Feed | null })} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900">
          <option value="">one image each</option>
          <option value="shopify">a Shopify product export</option>
          <option value="merchant">a Google Merchant feed</option>
        </select>
        {mapping.feed ? <span className="text-xs font-normal text-slate-500 dark:text-slate-400">{FEED_NOTES[mapping.feed]}</span> : null}
      </label>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <ColumnSelect id="map-url" label="Image URL column" value={mapping.url} columns={preview.columns} onChange={(url) => onChange({ ...mapping, url, carry: mapping.carry.filter((c) => c !== url) })} />
        <ColumnSelect id="map-name" label="Name column" optional value={mapping.name} columns={preview.columns} onChange={(name) => onChange({ ...mapping, name })} />
        <ColumnSelect id="map-id" label="External id column" optional value={mapping.externalId} columns={preview.columns} onChange={(externalId) => onChange({ ...mapping, externalId })} />
      </div>
      <fieldset className="mt-4">
        <legend className="text-sm font-medium">Columns carried through to exports</legend>
        <div className="mt-2 flex flex-wrap gap-3">
          {carryable.map((column) => (
            <label key={column} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={mapping.carry.includes(column)}
                onChange={(event) => onChange({ ...mapping, carry: event.target.checked ? [...mapping.carry, column] : mapping.carry.filter((c) => c !== column) })}
              />
              {column}
            </label>
          ))}
        </div>
      </fieldset>
      <FirstImages preview={preview} urlColumn={mapping.url} />
      <div className="mt-4 overflow-x-auto">
        <table className="min-w-full text-left text-xs">
          <caption className="sr-only">First rows of the file</caption>
          <thead>
            <tr>
              {preview.columns.map((column) => (
                <th key={column} className={`border-b px-2 py-1 font-semibold ${column === mapping.url ? "bg-brand-50 text-brand-700 dark:bg-brand-700/20 dark:text-brand-100" : ""}`}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, index) => (
              <tr key={index} className="border-b border-slate-100 dark:border-slate-800">
                {preview.columns.map((column, columnIndex) => (
                  <td key={column} className="max-w-64 truncate px-2 py-1">
                    {row[columnIndex]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
