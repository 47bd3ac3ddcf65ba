import type { PrismaClient } from "../db/generated/client";
import { badRequest, notFound } from "../errors";
import type { TemplateField } from "../templates/schemas";
import { forgetReviewPolicies } from "./decide-review";
import type { ReviewRules } from "./review-rules";

/** Whether a dotted path names a field of the template (into objects and the objects of lists). */
function hasField(fields: TemplateField[], path: string[]): TemplateField | null {
  let candidates = fields;
  let found: TemplateField | null = null;
  for (const name of path) {
    found = candidates.find((field) => field.name === name) ?? null;
    if (!found) return null;
    const inner = found.type === "list" ? found.items : found;
    candidates = inner?.type === "object" ? (inner.properties ?? []) : [];
  }
  return found;
}

/**
 * Saves a template's review rules (they apply to results from then on; results already waiting stay where they are).
 * The fields they name must be the template's current fields, and a confidence field must hold numbers.
 */
export async function setReviewRules(db: PrismaClient, templateId: string, rules: ReviewRules) {
  const template = await db.analysisTemplate.findUnique({ where: { id: templateId }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  if (!template) throw notFound("That template");
  const fields = (template.versions[0]?.fields ?? []) as unknown as TemplateField[];
  const names = fields.map((field) => field.name).join(", ");
  if (rules.confidenceField) {
    const field = hasField(fields, rules.confidenceField.split("."));
    if (!field) throw badRequest("unknown_field", `"${rules.confidenceField}" is not a field of ${template.name} (its fields: ${names}).`);
    const leaf = field.type === "list" ? field.items : field;
    if (leaf?.type !== "number" && leaf?.type !== "integer") throw badRequest("not_a_number_field", `"${rules.confidenceField}" holds ${leaf?.type ?? "nothing"}, not numbers: a confidence field must be a number.`);
  }
  for (const path of rules.agreementFields) if (!hasField(fields, path.split("."))) throw badRequest("unknown_field", `"${path}" is not a field of ${template.name} (its fields: ${names}).`);
  const saved = await db.analysisTemplate.update({ where: { id: templateId }, data: { reviewRules: rules }, select: { id: true, name: true, reviewRules: true } });
  forgetReviewPolicies();
  return saved;
}
