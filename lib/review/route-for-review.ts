import { createHash } from "node:crypto";
import type { TemplateField } from "../templates/schemas";
import { checkResultFields } from "./check-result-fields";
import type { ReviewReason, ReviewRules } from "./review-rules";

export interface ReviewRoute {
  status: "approved" | "pending_review";
  reason: ReviewReason;
  /** Why, for the person who sees the item (or audits the approval). */
  note: string;
}

/** Every number at a dotted path; through lists, so objects.confidence gives each object's. */
export function numbersAt(value: unknown, path: string[]): number[] {
  if (Array.isArray(value)) return value.flatMap((item) => numbersAt(item, path));
  if (!path.length) return typeof value === "number" && Number.isFinite(value) ? [value] : [];
  return value && typeof value === "object" ? numbersAt((value as Record<string, unknown>)[path[0]], path.slice(1)) : [];
}

const valueAt = (value: unknown, path: string[]): unknown => path.reduce<unknown>((inner, key) => (inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>)[key] : undefined), value);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The QA sample: the same image always falls on the same side (a retried or re-applied result is routed the same way). */
export function inQaSample(percent: number, key: string): boolean {
  if (percent <= 0) return false;
  const draw = createHash("sha256").update(`qa:${key}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw < percent / 100;
}

/**
 * Where a new result goes: approved by the template's rule, or to a person and why. Order: an answer that does not fit
 * the template always goes to a person; then review-everything; then the random QA sample; then confidence ≥ threshold or
 * agreement with the earlier run (`earlier`: that run's result on the same image, undefined when there is none).
 */
export function routeForReview(rules: ReviewRules, fields: TemplateField[], result: unknown, context: { sampleKey: string; earlier?: unknown }): ReviewRoute {
  const problems = fields.length ? checkResultFields(fields, result) : [];
  if (problems.length) return { status: "pending_review", reason: "schema_failure", note: `The answer does not fit the template: ${problems.join("; ")}.` };
  if (!rules.autoApprove) return { status: "pending_review", reason: "review_all", note: "This template's results all wait for a person (no auto-approval rule)." };
  if (inQaSample(rules.qaSamplePercent, context.sampleKey)) return { status: "pending_review", reason: "qa_sample", note: `Picked for the random QA sample (${rules.qaSamplePercent}% of results a rule would approve).` };

  const notes: string[] = [];
  let reason: ReviewReason = "low_confidence";
  if (rules.confidenceField) {
    const values = numbersAt(result, rules.confidenceField.split("."));
    const lowest = values.length ? Math.min(...values) : null;
    if (lowest !== null && lowest >= rules.threshold) return { status: "approved", reason: "auto_approved", note: `${rules.confidenceField} ${lowest} ≥ ${rules.threshold}, and every field fits the template.` };
    notes.push(lowest === null ? `${rules.confidenceField} has no value (the threshold is ${rules.threshold})` : `${rules.confidenceField} ${lowest} < ${rules.threshold}`);
  }
  if (rules.agreementFields.length) {
    if (context.earlier === undefined) notes.push("no earlier run on this image to agree with");
    else {
      const differing = rules.agreementFields.filter((field) => !same(valueAt(result, field.split(".")), valueAt(context.earlier, field.split("."))));
      if (!differing.length) return { status: "approved", reason: "auto_approved", note: `An earlier run on the same image gave the same ${rules.agreementFields.join(", ")}.` };
      if (!rules.confidenceField) reason = "disagreement";
      notes.push(`an earlier run disagrees on ${differing.map((field) => `${field} (${JSON.stringify(valueAt(context.earlier, field.split(".")))} then, ${JSON.stringify(valueAt(result, field.split(".")))} now)`).join(", ")}`);
    }
  }
  // Field names stay as written (not capitalised): the note starts with what was measured.
  return { status: "pending_review", reason, note: `${notes.join("; ")}.` };
}
