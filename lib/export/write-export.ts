import { once } from "node:events";
import { PassThrough, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { ExportColumn, ExportRow } from "./export-columns";
import { neutralizeCell } from "./neutralize-cell";

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

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function csvField(value: string | number | boolean | null): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: (string | number | boolean | null)[]) => `${values.map(csvField).join(",")}\r\n`;

const spreadsheetCell = (value: string | number | boolean | null) => (typeof value === "string" ? neutralizeCell(value) : value);

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
      for (const row of rows) chunk += csvLine(columns.map((c) => spreadsheetCell(c.value(row))));
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
        const record = Object.fromEntries(columns.map((c) => [c.header, c.value(row)]));
        await write(output, format === "json" ? `${first ? "\n" : ",\n"}${JSON.stringify(record)}` : `${JSON.stringify(record)}\n`);
        first = false;
      }
    }
    if (format === "json") await write(output, first ? "]\n" : "\n]\n");
    output.end();
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | null = null;
  let rowsInSheet = 0;
  let sheetNumber = 0;
  const newSheet = () => {
    sheet?.commit();
    sheetNumber += 1;
    sheet = workbook.addWorksheet(sheetNumber === 1 ? "Results" : `Results ${sheetNumber}`);
    sheet.addRow(headers).commit();
    rowsInSheet = 1;
  };
  newSheet();
  // Count what the compressor emits (wrapping write: a 'data' listener would steal chunks from the consumer).
  let written = 0;
  const originalWrite = output.write.bind(output) as (chunk: unknown, ...rest: unknown[]) => boolean;
  output.write = ((chunk: Buffer, ...rest: unknown[]) => {
    written += chunk.length;
    return originalWrite(chunk, ...rest);
  }) as typeof output.write;
  for await (const rows of pages) {
    for (const row of rows) {
      if (rowsInSheet >= maxRowsPerSheet) newSheet();
      sheet!.addRow(columns.map((c) => spreadsheetCell(c.value(row)))).commit();
      rowsInSheet += 1;
    }
    // exceljs writes rows without backpressure; let the zip compressor catch up before the next page so memory stays flat.
    await settleCompressor(() => written, output, () => sheetBacklog(sheet));
  }
  (sheet as ExcelJS.Worksheet | null)?.commit();
  await workbook.commit();
}

const UNREAD_LIMIT = 4 << 20;
const SHEET_BACKLOG_LIMIT = 1 << 20;

/**
 * Uncompressed sheet XML waiting for the compressor. exceljs pipes each sheet (its StreamBuf) into a PassThrough that
 * archiver reads from, and ignores that PassThrough's backpressure: without this measure the XML of a whole
 * million-row sheet can queue there. Internals of exceljs 4 / archiver 5, read defensively (0 when absent).
 */
function sheetBacklog(sheet: ExcelJS.Worksheet | null): number {
  const pipes = (sheet as unknown as { _stream?: { pipes?: Partial<PassThrough>[] } } | null)?._stream?.pipes ?? [];
  return pipes.reduce((bytes, pipe) => bytes + (pipe.writableLength ?? 0) + (pipe.readableLength ?? 0), 0);
}

/**
 * Waits until compressed output stops growing between two turns of the event loop (the compressor's backlog is drained)
 * and until the reader (the HTTP response) has taken most of it: with a slow client, output stops growing because it is
 * full, not because the work is done, and exceljs would otherwise keep buffering rows behind it.
 */
async function settleCompressor(bytesOut: () => number, output: Writable, backlog: () => number) {
  const unread = () => output.writableLength + ((output as Partial<PassThrough>).readableLength ?? 0);
  while (backlog() > SHEET_BACKLOG_LIMIT && !output.destroyed) await new Promise((resolve) => setTimeout(resolve, 1));
  for (let turn = 0, before = -1; turn < 200 && bytesOut() !== before; turn++) {
    before = bytesOut();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  while (unread() > UNREAD_LIMIT && !output.destroyed) await new Promise((resolve) => setTimeout(resolve, 5));
}

export function exportStream() {
  return new PassThrough({ highWaterMark: 1 << 20 });
}
