import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import type { TemplateField } from "../templates/schemas";
import { readReviewRules, type ReviewRules } from "./review-rules";
import { routeForReview, type ReviewRoute } from "./route-for-review";

interface ReviewPolicy {
  templateId: string;
  fields: TemplateField[];
  rules: ReviewRules;
}

// Rules change rarely and every completion needs them: each process keeps a version's for a few seconds.
const POLICY_SECONDS = 5;
const policies = new Map<string, { until: number; policy: Promise<ReviewPolicy | null> }>();

function loadPolicy(db: PrismaClient, templateVersionId: string): Promise<ReviewPolicy | null> {
  const cached = policies.get(templateVersionId);
  if (cached && cached.until > Date.now()) return cached.policy;
  const policy = poolOf(db)
    .query<{ templateId: string; fields: TemplateField[]; rules: unknown }>(sql`
      SELECT t.id AS "templateId", v.fields, t.review_rules AS rules FROM template_versions v JOIN analysis_templates t ON t.id = v.template_id WHERE v.id = ${templateVersionId}::uuid`)
    .then(({ rows }) => (rows[0] ? { templateId: rows[0].templateId, fields: rows[0].fields, rules: readReviewRules(rows[0].rules) } : null));
  policies.set(templateVersionId, { until: Date.now() + POLICY_SECONDS * 1000, policy });
  policy.catch(() => policies.delete(templateVersionId));
  return policy;
}

/** Forget cached rules (after a template's rules are saved in this process; other processes see them within seconds). */
export const forgetReviewPolicies = () => policies.clear();

/**
 * An earlier, independent run on the same image with the same template: another batch, not from the result cache, and
 * another model or template version (the same call would be the cache's copy of the same answer).
 */
async function earlierRun(db: PrismaClient, imageId: bigint, templateId: string, templateVersionId: string, model: string | null): Promise<unknown> {
  const { rows } = await poolOf(db).query<{ result: unknown }>(sql`
    SELECT e.result FROM images me
    JOIN images e ON e.sha256 = me.sha256 AND e.id <> me.id AND e.batch_id <> me.batch_id AND e.status = 'succeeded' AND NOT e.cached
    JOIN template_versions v ON v.id = e.template_version_id AND v.template_id = ${templateId}::uuid
    WHERE me.id = ${imageId} AND me.sha256 IS NOT NULL
      AND (e.template_version_id <> ${templateVersionId}::uuid OR e.model IS DISTINCT FROM ${model})
    ORDER BY e.id DESC LIMIT 1`);
  return rows.length ? rows[0].result : undefined;
}

/**
 * Where a new result goes (lib/review/route-for-review.ts) under its template's rules; results without a template (the
 * offline analyzer's) wait for a person as before.
 */
export async function decideReview(db: PrismaClient, imageId: bigint, record: { result: unknown; templateVersionId: string | null; model: string | null; cached: boolean }): Promise<ReviewRoute> {
  const policy = record.templateVersionId ? await loadPolicy(db, record.templateVersionId) : null;
  if (!policy) return { status: "pending_review", reason: "review_all", note: "Results made without a template all wait for a person." };
  const wantsEarlier = policy.rules.autoApprove && policy.rules.agreementFields.length > 0 && !record.cached;
  const earlier = wantsEarlier ? await earlierRun(db, imageId, policy.templateId, record.templateVersionId!, record.model) : undefined;
  return routeForReview(policy.rules, policy.fields, record.result, { sampleKey: imageId.toString(), earlier });
}
