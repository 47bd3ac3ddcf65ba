import type { Writable } from "node:stream";
import { cellsOf, type Cell, type ExportColumn, type ExportRow } from "./export-columns";
import { spreadsheetCell } from "./neutralize-cell";
import { ZipWriter } from "./zip-writer";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CHUNK_CHARS = 1 << 16;

// XML 1.0 cannot hold most control characters (nor lone surrogates); a spreadsheet cell never needs them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeXml = (text: string) =>
  text
    .replace(NOT_XML, "")
    // A CR would come back as LF (XML normalises line ends) unless written as a character reference.
    .replace(/[&<>"\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#13;"));

function columnLetters(index: number) {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellXml(ref: string, value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = String(value);
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/**
 * Streams an .xlsx: one worksheet of inline-string cells per `maxRowsPerSheet` rows (header included), or fewer when a
 * sheet's XML reaches `maxSheetBytes` (a ZIP entry without ZIP64 stops at 4 GB: very wide rows reach it before Excel's
 * row limit), deflated into a ZIP as it is written. The ZIP pulls rows (and so pages from PostgreSQL) only as fast as `output` takes bytes, and no
 * row outlives the few KB of XML it becomes. Cells are neutralised against formula injection like CSV cells.
 */
export async function writeXlsx(columns: ExportColumn[], pages: AsyncIterable<ExportRow[]>, output: Writable, { maxRowsPerSheet, maxSheetBytes }: { maxRowsPerSheet: number; maxSheetBytes: number }) {
  const letters = columns.map((_, index) => columnLetters(index));
  const rowXml = (r: number, values: (string | number | boolean | null)[]) => `<row r="${r}">${values.map((value, i) => cellXml(`${letters[i]}${r}`, value)).join("")}</row>`;
  const headerRow = rowXml(1, columns.map((column) => column.header));

  async function* eachRow() {
    for await (const page of pages) yield* page;
  }
  const rows = eachRow()[Symbol.asyncIterator]();
  let next = await rows.next();

  async function* sheet(): AsyncGenerator<string> {
    let xml = `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData>${headerRow}`;
    let flushedBytes = 0;
    // At least one row a sheet; what is not flushed yet counts 3 bytes a UTF-16 unit, the most UTF-8 makes of one.
    for (let r = 2; !next.done && r <= maxRowsPerSheet && (r === 2 || flushedBytes + 3 * xml.length < maxSheetBytes); r++) {
      const row = next.value;
      xml += rowXml(r, cellsOf(columns, row).map(spreadsheetCell));
      if (xml.length >= CHUNK_CHARS) {
        flushedBytes += Buffer.byteLength(xml);
        yield xml;
        xml = "";
      }
      next = await rows.next();
    }
    yield `${xml}</sheetData></worksheet>`;
  }

  // The fastest deflate: XML of repeated tags still shrinks about tenfold, at a fraction of the default level's time.
  const zip = new ZipWriter(output, { level: 1 });
  let sheets = 0;
  do {
    sheets += 1;
    await zip.add(`xl/worksheets/sheet${sheets}.xml`, sheet());
  } while (!next.done);

  const numbers = Array.from({ length: sheets }, (_, i) => i + 1);
  const name = (n: number) => (n === 1 ? "Results" : `Results ${n}`);
  await zip.add("xl/workbook.xml", [
    `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets>${numbers.map((n) => `<sheet name="${name(n)}" sheetId="${n}" r:id="rId${n}"/>`).join("")}</sheets></workbook>`,
  ]);
  await zip.add("xl/_rels/workbook.xml.rels", [
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${numbers
      .map((n) => `<Relationship Id="rId${n}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${n}.xml"/>`)
      .join("")}</Relationships>`,
  ]);
  await zip.add("_rels/.rels", [
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  await zip.add("[Content_Types].xml", [
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${numbers
      .map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join("")}</Types>`,
  ]);
  await zip.finish();
}
