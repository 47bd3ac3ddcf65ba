import type { TemplateField } from "../templates/schemas";

const BOX_NAMES = new Set(["box", "box_2d"]);
const isBox = (value: unknown) => Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === "number" && Number.isFinite(n));

const typeOk = (field: TemplateField, value: unknown): string | null => {
  switch (field.type) {
    case "string":
      return typeof value === "string" ? null : "is not text";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "is not a number";
    case "integer":
      return Number.isInteger(value) ? null : "is not a whole number";
    case "boolean":
      return typeof value === "boolean" ? null : "is not true or false";
    case "enum":
      return typeof value === "string" && field.enumValues?.includes(value) ? null : `is not one of ${field.enumValues?.join(", ")}`;
    case "list":
      return Array.isArray(value) ? null : "is not a list";
    case "object":
      return value && typeof value === "object" && !Array.isArray(value) ? null : "is not an object";
  }
};

/**
 * What is wrong with a result against its template's fields: a missing required field, a wrong type, an enum value the
 * template does not list, checked into lists and objects. Empty when the result fits. At most `limit` problems.
 */
export function checkResultFields(fields: TemplateField[], result: unknown, limit = 5): string[] {
  const problems: string[] = [];
  const visit = (field: TemplateField, value: unknown, path: string) => {
    if (problems.length >= limit) return;
    if (value === undefined || value === null) {
      if (field.required !== false) problems.push(`${path} is missing`);
      return;
    }
    const problem = typeOk(field, value);
    if (problem) return void problems.push(`${path}: ${JSON.stringify(value).slice(0, 40)} ${problem}`);
    // Boxes are stored normalised to 0–1 (lib/analysis/normalize-boxes.ts), whatever number type the template gave them.
    if (field.type === "list" && BOX_NAMES.has(field.name) && isBox(value)) return;
    if (field.type === "list" && field.items) (value as unknown[]).forEach((item, index) => visit(field.items!, item, `${path}[${index}]`));
    if (field.type === "object") for (const property of field.properties ?? []) visit(property, (value as Record<string, unknown>)[property.name], `${path}.${property.name}`);
  };
  if (!result || typeof result !== "object" || Array.isArray(result)) return ["the answer is not an object of fields"];
  for (const field of fields) visit(field, (result as Record<string, unknown>)[field.name], field.name);
  return problems;
}
