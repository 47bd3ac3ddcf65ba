import { once } from "node:events";
import { PassThrough, type Writable } from "node:stream";
import type { Cell, ExportColumn, ExportRow } from "./export-columns";
import { spreadsheetCell } from "./neutralize-cell";
import { writeXlsx } from "./write-xlsx";

export type ExportFormat = "csv" | "json" | "jsonl" | "xlsx";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const XLSX_MAX_ROWS = 1_048_576;

async function write(stream: Writable, chunk: string | Buffer) {
  if (!stream.write(chunk)) await once(stream, "drain");
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: Cell[]) => `${values.map(csvField).join(",")}\r\n`;

/**
 * Streams rows in the chosen format into `output`, respecting backpressure. CSV and XLSX cells are neutralised against
 * formula injection; JSON keeps values as they are (no spreadsheet reads it).
 */
export async function writeExport(format: ExportFormat, columns: ExportColumn[], pages: AsyncIterable<ExportRow[]>, output: Writable, { bom = false, maxRowsPerSheet = XLSX_MAX_ROWS } = {}) {
  const headers = columns.map((column) => column.header);
  if (format === "csv") {
    // One string per page: per-row stream writes dominate the cost at a million rows.
    await write(output, (bom ? "\ufeff" : "") + csvLine(headers));
    for await (const rows of pages) {
      let chunk = "";
      for (const row of rows) {
        for (let index = 0; index < columns.length; index++) {
          if (index > 0) chunk += ",";
          chunk += csvField(spreadsheetCell(columns[index].value(row[index])));
        }
        chunk += "\r\n";
      }
      await write(output, chunk);
    }
    output.end();
    return;
  }
  if (format === "json" || format === "jsonl") {
    let first = true;
    if (format === "json") await write(output, "[");
    for await (const rows of pages) {
      for (const row of rows) {
        const record = Object.fromEntries(columns.map((column, index) => [column.header, column.value(row[index])]));
        await write(output, format === "json" ? `${first ? "\n" : ",\n"}${JSON.stringify(record)}` : `${JSON.stringify(record)}\n`);
        first = false;
      }
    }
    if (format === "json") await write(output, first ? "]\n" : "\n]\n");
    output.end();
    return;
  }
  await writeXlsx(columns, pages, output, maxRowsPerSheet);
}

export function exportStream() {
  return new PassThrough({ highWaterMark: 1 << 20 });
}
