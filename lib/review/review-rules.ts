import { z } from "zod";

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const fieldPath = z.string().max(200).regex(FIELD_PATH, "a field of the result, such as confidence or objects.confidence");

/**
 * Per template: which results a person must look at. With autoApprove off (the default) every result waits for a person.
 * On, a result whose fields are all valid is approved when its confidence field is at least the threshold (a list's
 * lowest value counts: objects.confidence), or when an earlier run on the same image agrees on agreementFields;
 * qaSamplePercent of them still go to people at random, as a check on the rule.
 */
export const reviewRulesSchema = z
  .strictObject({
    autoApprove: z.boolean().default(false),
    confidenceField: fieldPath.nullish().transform((value) => value || null),
    threshold: z.number({ message: "threshold must be a number from 0 to 1" }).min(0, "threshold must be from 0 to 1").max(1, "threshold must be from 0 to 1").default(0.8),
    agreementFields: z.array(fieldPath).max(20).default([]),
    qaSamplePercent: z.number({ message: "qaSamplePercent must be a number from 0 to 100" }).min(0).max(100, "qaSamplePercent must be from 0 to 100").default(0),
  })
  .superRefine((rules, context) => {
    if (rules.autoApprove && !rules.confidenceField && !rules.agreementFields.length)
      context.addIssue({ code: "custom", message: "To approve results automatically, name a confidence field (and a threshold) or the fields two runs must agree on." });
  });

export type ReviewRules = z.infer<typeof reviewRulesSchema>;
export const REVIEW_EVERYTHING: ReviewRules = { autoApprove: false, confidenceField: null, threshold: 0.8, agreementFields: [], qaSamplePercent: 0 };

/** Stored rules (analysis_templates.review_rules), or review-everything when there are none or they no longer parse. */
export function readReviewRules(stored: unknown): ReviewRules {
  const parsed = reviewRulesSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : REVIEW_EVERYTHING;
}

/** Why an item is where it is: a code for programs and filters, a sentence (review_note) for people. */
export const REVIEW_REASONS = {
  auto_approved: "Approved by the template's rule",
  review_all: "Every result of this template is reviewed",
  schema_failure: "The answer does not fit the template",
  low_confidence: "Confidence below the threshold",
  disagreement: "Two runs disagree",
  qa_sample: "Random QA sample",
} as const;
export type ReviewReason = keyof typeof REVIEW_REASONS;
