import { PassThrough, type Writable } from "node:stream";
import type { Cell, ExportColumn, ExportRow } from "./export-columns";
import { writeXlsx } from "./write-xlsx";

export type ExportFormat = "csv" | "json" | "jsonl" | "xlsx";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const XLSX_MAX_ROWS = 1_048_576;
// A sheet's XML stays under 4 GB (the ZIP writer's entry limit), with room for the last row and the closing tags.
export const XLSX_MAX_SHEET_BYTES = 0xffffffff - 64 * 1048576;

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF) of a file Node writes itself, such as a ZIP's manifest. */
export const csvLine = (values: Cell[]) => `${values.map(csvField).join(",")}\r\n`;

/**
 * Streams rows written by Node into `output`, respecting backpressure: XLSX, whose cells are neutralised against formula
 * injection. CSV, JSON and JSONL come formatted from PostgreSQL instead (write-copy-export.ts).
 */
export async function writeExport(format: ExportFormat, columns: ExportColumn[], pages: AsyncIterable<ExportRow[]>, output: Writable, { maxRowsPerSheet = XLSX_MAX_ROWS, maxSheetBytes = XLSX_MAX_SHEET_BYTES } = {}) {
  if (format !== "xlsx") throw new Error(`${format} exports are written by COPY (writeCopyExport), not from rows.`);
  await writeXlsx(columns, pages, output, { maxRowsPerSheet, maxSheetBytes });
}

export function exportStream() {
  return new PassThrough({ highWaterMark: 1 << 20 });
}
