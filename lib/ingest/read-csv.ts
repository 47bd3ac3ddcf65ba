import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { badRequest } from "../errors";
import { sniffCsv, type CsvFormat } from "./sniff-csv";

const SAMPLE_BYTES = 64 * 1024;
// A single field or line this long is not a URL list: stop before it eats memory.
const MAX_RECORD_BYTES = 1024 * 1024;

export async function readCsvFormat(file: string): Promise<CsvFormat> {
  const handle = await open(file, "r");
  try {
    const sample = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(sample, 0, SAMPLE_BYTES, 0);
    return sniffCsv(sample.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Streams the records of a CSV/TSV file (header first), decoding Latin-1 when detected. Memory stays flat. */
export async function* readCsvRecords(file: string, format: CsvFormat): AsyncGenerator<string[]> {
  const parser = parse({
    delimiter: format.delimiter,
    bom: true,
    // Old Mac (CR), Unix (LF) and Windows (CRLF) line ends, even mixed in one file.
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: MAX_RECORD_BYTES,
    encoding: format.encoding === "latin1" ? "latin1" : "utf8",
  });
  const input = createReadStream(file);
  input.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const message = (error as Error).message;
    if (/max_record_size|record.*exceed/i.test(message)) throw badRequest("csv_record_too_large", "A line of the CSV is over 1 MB long; this is not a list of image URLs.");
    throw badRequest("csv_malformed", `The CSV could not be read: ${message}`);
  } finally {
    input.destroy();
  }
}

/** Header and first rows, for the preview and column mapping. */
export async function previewCsv(file: string, rows = 10) {
  const format = await readCsvFormat(file);
  const records: string[][] = [];
  for await (const record of readCsvRecords(file, format)) {
    records.push(record);
    if (records.length > rows) break;
  }
  if (records.length === 0) throw badRequest("csv_empty", "The file has no rows.");
  const [header, ...sample] = records;
  return { format, columns: header, rows: sample };
}
