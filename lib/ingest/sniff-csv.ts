import { badRequest } from "../errors";

export interface CsvFormat {
  delimiter: string;
  encoding: "utf-8" | "latin1";
  bom: boolean;
}

const DELIMITERS = [",", ";", "\t", "|"];

/** Counts delimiter characters outside quotes in one line. */
function countOutsideQuotes(line: string, delimiter: string) {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}

/** Reads the first bytes of a CSV/TSV: refuses binary files, detects UTF-8 (with or without BOM) vs Latin-1, and the delimiter. */
export function sniffCsv(sample: Buffer): CsvFormat {
  if (sample.length === 0) throw badRequest("csv_empty", "The file is empty.");
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = bom ? sample.subarray(3) : sample;
  const controlBytes = body.subarray(0, 8192).filter((byte) => byte === 0 || (byte < 9 && byte !== 0)).length;
  if (controlBytes > 0) throw badRequest("csv_binary", "This does not look like a CSV file: it contains binary data. Export your sheet as CSV (UTF-8) and try again.");
  let encoding: CsvFormat["encoding"] = "utf-8";
  let text: string;
  try {
    // A sample may end inside a multi-byte character: trim up to 3 trailing bytes before judging.
    text = new TextDecoder("utf-8", { fatal: true }).decode(trimPartialUtf8(body));
  } catch {
    encoding = "latin1";
    text = new TextDecoder("latin1").decode(body);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim()).slice(0, 20);
  if (lines.length === 0) throw badRequest("csv_empty", "The file has no rows.");
  let best = { delimiter: ",", score: -1 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const first = counts[0];
    if (first === 0) continue;
    const consistent = counts.filter((count) => count === first).length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return { delimiter: best.delimiter, encoding, bom };
}

function trimPartialUtf8(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if ((byte & 0xc0) === 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  return bytes.subarray(0, end);
}
