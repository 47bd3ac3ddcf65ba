import type { TemplateField } from "../templates/schemas";

export type Cell = string | number | boolean | null;

/** One exported row: a text cell per column, in column order, exactly as PostgreSQL sent it (NULL as null). */
export type ExportRow = (string | null)[];

/**
 * A column is read as text by its own SQL expression (`param` binds a value, e.g. a carried column's name) and turned
 * into its typed cell by `value`. PostgreSQL does the formatting it is good at (ISO timestamps, JSON members), so a row
 * costs Node no Date, no object and no JSON parse of whole results.
 */
export interface ExportColumn {
  header: string;
  sql: (param: (value: string) => string) => string;
  value: (text: string | null) => Cell;
  /** How COPY exports format the column in SQL (lib/export/copy-export-sql.ts); "text" when unset. */
  kind?: ColumnKind;
  /** For COPY exports, where `value` does more than decode: the SQL giving what `value` gives (the column read as `sql`). */
  copySql?: (param: (value: string) => string) => string;
}

/**
 * text: neutralised in spreadsheets; safe: text that cannot start a formula (ids, enums, timestamps); integer; micros
 * (an integer of millionths, exported as a decimal); boolean; json (a template field's member: lists joined with "; ",
 * objects as JSON); raw (a whole JSON document as text).
 */
export type ColumnKind = "text" | "safe" | "integer" | "micros" | "boolean" | "json" | "raw";

/** A row's typed cells, one per column. */
export const cellsOf = (columns: ExportColumn[], row: ExportRow): Cell[] => columns.map((column, index) => column.value(row[index]));

/** A template field's value as one cell: lists joined with "; ", objects as JSON. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === "object" ? JSON.stringify(item) : String(item))).join("; ");
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number | boolean;
}

/** A JSON member's text as a cell; plain strings and numbers (most values) skip JSON.parse. */
export function jsonCell(text: string | null): Cell {
  if (text === null) return null;
  const first = text.charCodeAt(0);
  if (first === 34 && !text.includes("\\")) return text.slice(1, -1);
  // JSON numbers start with a digit or a minus; Number() reads them as JSON.parse would.
  if ((first >= 48 && first <= 57) || first === 45) return Number(text);
  return cellOf(JSON.parse(text));
}

const text = (value: string | null) => value;
const integer = (value: string | null) => (value === null ? null : Number(value));
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
// What a reviewer saved wins over the model's answer (a JSON null counts as nothing saved).
// Both export queries join it in (EXPORT_FROM), so a row's result is looked up once, not once per field.
const RESULT = "res.r";

/** The rows every export reads: an image, its result (a reviewer's edit wins) and its template version. */
export const EXPORT_FROM = `images i CROSS JOIN LATERAL (SELECT COALESCE(NULLIF(i.reviewed_result, 'null'::jsonb), i.result) AS r) res
     LEFT JOIN template_versions v ON v.id = i.template_version_id`;

/** The key of keyset paging: every export starts with it. */
export const IMAGE_ID_COLUMN: ExportColumn = { header: "image_id", sql: () => "i.id::text", value: text, kind: "safe" };

/** The export's columns: identity, carried CSV columns, status, one per template field, errors, costs, timings. */
export function exportColumns({ carriedColumns, fields, resultKeys, includeRaw, outputs }: { carriedColumns: string[]; fields: TemplateField[]; resultKeys: string[]; includeRaw: boolean; outputs?: ExportColumn[] }): ExportColumn[] {
  const fieldNames = fields.length ? fields.map((field) => field.name) : resultKeys;
  return [
    IMAGE_ID_COLUMN,
    { header: "name", sql: () => "i.name", value: text },
    { header: "source", sql: () => "COALESCE(i.source_url, i.name)", value: text },
    { header: "external_id", sql: () => "i.external_id", value: text },
    ...carriedColumns.map((column): ExportColumn => ({ header: column, sql: (param) => `i.carried->>${param(column)}`, value: text })),
    { header: "status", sql: () => "i.status::text", value: text, kind: "safe" },
    { header: "review_status", sql: () => "i.review_status::text", value: text, kind: "safe" },
    ...fieldNames.map((name): ExportColumn => ({ header: name, sql: (param) => `${RESULT}->${param(name)}`, value: jsonCell, kind: "json" })),
    // A transform's output (batches with a transform): its URL, size and type.
    ...(outputs ?? []),
    { header: "error_code", sql: () => "i.last_error_code", value: text },
    { header: "error_message", sql: () => "i.last_error_message", value: text },
    { header: "attempts", sql: () => "i.attempts", value: integer, kind: "integer" },
    { header: "input_tokens", sql: () => "i.input_tokens", value: integer, kind: "integer" },
    { header: "output_tokens", sql: () => "i.output_tokens", value: integer, kind: "integer" },
    // Thinking tokens: billed as output and included in output_tokens.
    { header: "thoughts_tokens", sql: () => "i.thoughts_tokens", value: integer, kind: "integer" },
    { header: "cached_tokens", sql: () => "i.cached_tokens", value: integer, kind: "integer" },
    { header: "cost_usd", sql: () => "i.cost_micros", value: (micros) => (micros === null ? null : Number(micros) / 1_000_000), kind: "micros" },
    { header: "cached", sql: () => "i.cached", value: (flag) => (flag === null ? null : flag === "t"), kind: "boolean" },
    { header: "started_at", sql: () => iso("i.started_at"), value: text, kind: "safe" },
    { header: "finished_at", sql: () => iso("i.finished_at"), value: text, kind: "safe" },
    { header: "duration_ms", sql: () => "i.duration_ms", value: integer, kind: "integer" },
    { header: "template_version", sql: () => "v.version", value: integer, kind: "integer" },
    { header: "model", sql: () => "i.model", value: text },
    ...(includeRaw ? [{ header: "raw_json", sql: () => "i.result", value: (json: string | null) => (json === null ? null : JSON.stringify(JSON.parse(json))), kind: "raw" as const }] : []),
  ];
}
