import type { TemplateField } from "@/lib/templates/schemas";

/** A column of the results table: one of the image's own, or a field of the template's result. */
export interface ResultColumn {
  id: string;
  label: string;
  /** A template field's path (sortable, filterable); none for the image's own columns. */
  field?: TemplateField;
  width: string;
  align?: "right";
}

export const IMAGE_COLUMNS: ResultColumn[] = [
  { id: "status", label: "Status", width: "110px" },
  { id: "error", label: "Error", width: "minmax(140px,1.5fr)" },
  { id: "tries", label: "Tries", width: "56px", align: "right" },
  { id: "time", label: "Time", width: "64px", align: "right" },
  { id: "tokens", label: "Tokens", width: "76px", align: "right" },
  { id: "review", label: "Review", width: "96px" },
];

export const fieldColumns = (fields: TemplateField[]): ResultColumn[] =>
  fields.map((field) => ({ id: `field:${field.name}`, label: field.name.replaceAll("_", " "), field, width: field.type === "string" ? "minmax(180px,2fr)" : "minmax(110px,1fr)", align: field.type === "number" || field.type === "integer" ? "right" : undefined }));

/** Shown until a person chooses: the status, the template's first eight fields, tokens and the review state. */
export function defaultVisible(fields: TemplateField[]): string[] {
  return ["status", "error", ...fields.slice(0, 8).map((field) => `field:${field.name}`), "tokens", "review"];
}

const storageKey = (batchId: string) => `loupe.results-columns.${batchId}`;

export function loadVisible(batchId: string): string[] | null {
  try {
    const saved = JSON.parse(window.localStorage.getItem(storageKey(batchId)) ?? "null");
    return Array.isArray(saved) && saved.every((id) => typeof id === "string") ? saved : null;
  } catch {
    return null;
  }
}

export function saveVisible(batchId: string, visible: string[]) {
  try {
    window.localStorage.setItem(storageKey(batchId), JSON.stringify(visible));
  } catch {
    // Storage full or blocked: the choice lasts until the page is left.
  }
}
