import type { TemplateField } from "@/lib/templates/schemas";

const isBox = (value: unknown) => Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === "number");
const hasBoxes = (items: unknown[]) => items.some((item) => isBox(item) || (item && typeof item === "object" && Object.values(item).some(isBox)));
const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

/**
 * A result's field as one short line of a table cell: text as is, lists of words joined, lists of objects and boxes as
 * a count (3 boxes, 2 attributes), an object as its properties' values. The full value is the cell's title.
 */
export function formatCell(value: unknown, field?: TemplateField): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return value.toLocaleString("en", { maximumFractionDigits: 3 });
  if (typeof value === "string") return value;
  if (isBox(value)) return "1 box";
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    if (hasBoxes(value)) return plural(value.length, "box").replace("boxs", "boxes");
    if (value.every((item) => typeof item !== "object" || item === null)) return value.map((item) => formatCell(item)).join(", ");
    return plural(value.length, field?.items?.name ?? "item");
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${formatCell(inner)}`)
      .join(" · ");
  }
  return String(value);
}

/** The full value, for a cell's title. */
export const describeCell = (value: unknown) => (value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));

/** The value at a dotted path of a result. */
export function valueAt(result: unknown, path: string): unknown {
  let value = result;
  for (const key of path.split(".")) value = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
