import type { TemplateField } from "../templates/schemas";

export interface ExportRow {
  id: string;
  batch_id: string;
  name: string | null;
  source_url: string | null;
  external_id: string | null;
  status: string;
  review_status: string;
  result: Record<string, unknown> | null;
  reviewed_result: Record<string, unknown> | null;
  carried: Record<string, string> | null;
  last_error_code: string | null;
  last_error_message: string | null;
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  template_version: number | null;
  model: string | null;
  cached: boolean;
}

export interface ExportColumn {
  header: string;
  value: (row: ExportRow) => string | number | boolean | null;
}

/** A template field's value as one cell: lists joined with "; ", objects as JSON. */
export function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === "object" ? JSON.stringify(item) : String(item))).join("; ");
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number | boolean;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The export's columns: identity, carried CSV columns, status, one per template field, errors, costs, timings. */
export function exportColumns({ carriedColumns, fields, resultKeys, includeRaw }: { carriedColumns: string[]; fields: TemplateField[]; resultKeys: string[]; includeRaw: boolean }): ExportColumn[] {
  const fieldNames = fields.length ? fields.map((field) => field.name) : resultKeys;
  const resultOf = (row: ExportRow) => row.reviewed_result ?? row.result ?? {};
  return [
    { header: "image_id", value: (row) => row.id },
    { header: "name", value: (row) => row.name },
    { header: "source", value: (row) => row.source_url ?? row.name },
    { header: "external_id", value: (row) => row.external_id },
    ...carriedColumns.map((column) => ({ header: column, value: (row: ExportRow) => row.carried?.[column] ?? null })),
    { header: "status", value: (row) => row.status },
    { header: "review_status", value: (row) => row.review_status },
    ...fieldNames.map((name) => ({ header: name, value: (row: ExportRow) => cellOf((resultOf(row) as Record<string, unknown>)[name]) })),
    { header: "error_code", value: (row) => row.last_error_code },
    { header: "error_message", value: (row) => row.last_error_message },
    { header: "attempts", value: (row) => row.attempts },
    { header: "input_tokens", value: (row) => row.input_tokens },
    { header: "output_tokens", value: (row) => row.output_tokens },
    { header: "cost_usd", value: (row) => row.cost_micros / 1_000_000 },
    { header: "cached", value: (row) => row.cached },
    { header: "started_at", value: (row) => iso(row.started_at) },
    { header: "finished_at", value: (row) => iso(row.finished_at) },
    { header: "duration_ms", value: (row) => row.duration_ms },
    { header: "template_version", value: (row) => row.template_version },
    { header: "model", value: (row) => row.model },
    ...(includeRaw ? [{ header: "raw_json", value: (row: ExportRow) => (row.result ? JSON.stringify(row.result) : null) }] : []),
  ];
}
