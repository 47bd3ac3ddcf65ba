import type { PrismaClient } from "../db/generated/client";
import type { TemplateField } from "../templates/schemas";

/** The type a JSON value of a result suggests, for results with no template (the offline analyzer's). */
function fieldOf(name: string, value: unknown): TemplateField {
  if (typeof value === "boolean") return { name, type: "boolean" };
  if (typeof value === "number") return { name, type: Number.isInteger(value) ? "integer" : "number" };
  if (Array.isArray(value)) return { name, type: "list", items: fieldOf("item", value[0] ?? "") };
  if (value && typeof value === "object") return { name, type: "object", properties: Object.entries(value).map(([key, inner]) => fieldOf(key, inner)) };
  return { name, type: "string" };
}

/**
 * The fields a batch's results have, for the results table's columns and for sorting numbers as numbers: its template
 * version's output fields (a parent: its first part's), or, for results made without a template, those of a succeeded one.
 */
export async function getResultFields(db: PrismaClient, batchIds: string[]): Promise<TemplateField[]> {
  const batches = await db.batch.findMany({ where: { id: { in: batchIds } }, select: { templateVersionId: true, kind: true, sequence: true }, orderBy: { sequence: "asc" } });
  const versionId = batches.find((batch) => batch.templateVersionId)?.templateVersionId;
  const version = versionId ? await db.templateVersion.findUnique({ where: { id: versionId }, select: { fields: true } }) : null;
  if (version) return version.fields as unknown as TemplateField[];
  const sample = await db.image.findFirst({ where: { batchId: { in: batchIds }, status: "succeeded" }, select: { result: true } });
  const result = sample?.result;
  return result && typeof result === "object" && !Array.isArray(result) ? Object.entries(result).map(([name, value]) => fieldOf(name, value)) : [];
}

/** Whether a dotted path names a number field (sorted as numbers, not as text). */
export function isNumericPath(fields: TemplateField[], path: string[]): boolean {
  let field: TemplateField | undefined = { name: "", type: "object", properties: fields };
  for (const name of path) field = field?.type === "object" ? field.properties?.find((property) => property.name === name) : undefined;
  return field?.type === "number" || field?.type === "integer";
}
