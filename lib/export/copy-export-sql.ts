import pg from "pg";
import { fieldFiltersPieces, toParamSql } from "../results/field-filter-sql";
import { EXPORT_FROM, type ExportColumn } from "./export-columns";
import type { ExportFilters } from "./read-export-rows";

export type CopyFormat = "csv" | "jsonl";

// COPY takes no bind parameters: every value in its query is a literal, escaped by pg's own escapeLiteral.
const literal = (value: string) => pg.escapeLiteral(value);

// The characters that make a spreadsheet read a cell as a formula (OWASP): = + - @ tab CR. Same set as neutralize-cell.ts.
// By code point (ascii() of the first character: no substring is made per cell), as neutralize-cell.ts does.
const FORMULA_START = "(61, 43, 45, 64, 9, 13)";
const neutralised = (text: string) => `CASE WHEN ascii(${text}) IN ${FORMULA_START} THEN '''' || ${text} ELSE ${text} END`;

/**
 * A JSON list as one cell, as cellOf joins it: scalars as text, nested lists and objects as JSON, JSON null as "null",
 * "; " between. Only the first item can start the cell, so neutralising looks at it alone and the list is joined once.
 */
const listText = (list: string, neutralise: boolean) => {
  const joined = `array_to_string(ARRAY(SELECT jsonb_array_elements_text(${list})), '; ', 'null')`;
  return neutralise ? `CASE WHEN ascii((${list})->>0) IN ${FORMULA_START} THEN '''' ELSE '' END || ${joined}` : joined;
};

/** A column's cell as CSV text, formatted as lib/export's Node writers format it (cellOf, spreadsheetCell). */
function csvCell(column: ExportColumn): string {
  const value = (column.copySql ?? column.sql)(literal);
  switch (column.kind ?? "text") {
    case "safe":
    case "integer":
      return value;
    case "micros":
      return `trim_scale(${value}::numeric / 1000000)`;
    case "boolean":
      return `CASE WHEN ${value} THEN 'true' WHEN NOT ${value} THEN 'false' END`;
    case "raw":
      return `(${value})::text`;
    case "json":
      return `CASE jsonb_typeof(${value}) WHEN 'string' THEN ${neutralised(`(${value} #>> '{}')`)} WHEN 'number' THEN trim_scale((${value})::numeric)::text
        WHEN 'array' THEN ${listText(value, true)} WHEN 'object' THEN ${neutralised(`(${value})::text`)} ELSE ${value} #>> '{}' END`;
    default:
      return neutralised(`(${value})`);
  }
}

/** A column's value as JSON text: the types the Node writers gave (numbers, booleans, lists joined, objects as a JSON string). */
function jsonValue(column: ExportColumn): string {
  const value = (column.copySql ?? column.sql)(literal);
  switch (column.kind ?? "text") {
    case "integer":
    case "boolean":
      return `${value}::text`;
    case "micros":
      return `trim_scale(${value}::numeric / 1000000)::text`;
    case "raw":
      return `to_json((${value})::text)::text`;
    case "json":
      return `(CASE jsonb_typeof(${value}) WHEN 'array' THEN to_jsonb(${listText(value, false)}) WHEN 'object' THEN to_jsonb((${value})::text) ELSE ${value} END)::text`;
    default:
      return `to_json(${value})::text`;
  }
}

// A function takes at most 100 arguments: a wide row's pieces are joined by several concat() calls.
const ARGUMENTS = 100;

/**
 * One compact JSON object per row, keys in column order, built as text with concat() (one allocation per call, where a
 * chain of || copies the growing line at every step; json_build_object would also pad every colon with spaces).
 */
function jsonLine(columns: ExportColumn[]) {
  const pieces = columns.flatMap((column, index) => [literal(`${index ? "," : "{"}${JSON.stringify(column.header)}:`), `COALESCE(${jsonValue(column)}, 'null')`]);
  pieces.push("'}'");
  const calls: string[] = [];
  for (let at = 0; at < pieces.length; at += ARGUMENTS) calls.push(`concat(${pieces.slice(at, at + ARGUMENTS).join(", ")})`);
  return calls.length === 1 ? calls[0] : `concat(${calls.join(", ")})`;
}

/** The filters of an export view, as literals (the zod schema has already checked their shapes). */
function filterSql(filters: ExportFilters) {
  const conditions: string[] = [];
  if (filters.status) conditions.push(`i.status::text = ${literal(filters.status)}`);
  if (filters.reviewStatus) conditions.push(`i.review_status::text = ${literal(filters.reviewStatus)}`);
  if (filters.errorCode) conditions.push(`i.last_error_code = ${literal(filters.errorCode)}`);
  if (filters.from) conditions.push(`i.finished_at >= ${literal(filters.from.toISOString())}::timestamptz`);
  if (filters.to) conditions.push(`i.finished_at < ${literal(filters.to.toISOString())}::timestamptz`);
  if (filters.fields?.length) conditions.push(`(${toParamSql(fieldFiltersPieces(filters.fields), literal)})`);
  return conditions.map((condition) => ` AND ${condition}`).join("");
}

/**
 * `COPY (SELECT …) TO STDOUT` of one batch's rows in image order: PostgreSQL formats every cell, so Node only moves bytes.
 * CSV is COPY's CSV (RFC 4180 quoting, LF line ends, NULL as an empty field). JSONL is one text column written with a
 * quote and a delimiter that JSON text never holds unescaped (\x01, \x02), so COPY writes each line exactly as built.
 */
export function copyExportSql(format: CopyFormat, columns: ExportColumn[], batchId: string, filters: ExportFilters) {
  // Each template field is read out of the result once per row (OFFSET 0 keeps PostgreSQL from inlining the subquery,
  // which would repeat the lookup in every place the cell's CASE names it).
  const fields: string[] = [];
  const once = columns.map((column): ExportColumn => {
    if (column.kind !== "json") return column;
    fields.push(`${column.sql(literal)} AS f${fields.length}`);
    const name = `f.f${fields.length - 1}`;
    return { ...column, sql: () => name };
  });
  const select = format === "csv" ? once.map(csvCell).join(",\n  ") : jsonLine(once);
  const options = format === "csv" ? "FORMAT csv" : "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'";
  return `COPY (SELECT ${select}
  FROM ${EXPORT_FROM}${fields.length ? `\n  CROSS JOIN LATERAL (SELECT ${fields.join(", ")} OFFSET 0) f` : ""}
  WHERE i.batch_id = ${literal(batchId)}::uuid${filterSql(filters)}
  ORDER BY i.id) TO STDOUT (${options})`;
}

/** The floor the benchmark compares against: the same columns as PostgreSQL reads them, unformatted, in one COPY. */
export function rawCopySql(columns: ExportColumn[], batchIds: string[]) {
  return `COPY (SELECT ${columns.map((column) => column.sql(literal)).join(", ")}
  FROM ${EXPORT_FROM}
  WHERE i.batch_id IN (${batchIds.map((id) => `${literal(id)}::uuid`).join(", ")})) TO STDOUT (FORMAT csv)`;
}
