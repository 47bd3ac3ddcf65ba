import { z } from "zod";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { toPrismaSql } from "../batches/list-images";
import { conflict, notFound } from "../errors";
import { fieldFiltersPieces } from "../results/field-filter-sql";
import { fieldFiltersSchema, type FieldFilter } from "../results/parse-field-filter";
import { storableJsonProblem } from "../validation/storable-text";
import { REVIEW_REASONS } from "./review-rules";

const reasonSchema = z
  .enum(Object.keys(REVIEW_REASONS) as [keyof typeof REVIEW_REASONS, ...(keyof typeof REVIEW_REASONS)[]], { message: `reason must be one of ${Object.keys(REVIEW_REASONS).join(", ")}` })
  .optional()
  .describe("Only items that wait for this reason (schema_failure, low_confidence, disagreement, qa_sample, review_all)");

/** Which pending items: a batch (a parent: its parts too), why they wait, and conditions on their fields. */
export const reviewSelectionSchema = z.object({
  batchId: z.uuid().optional(),
  reason: reasonSchema,
  filter: fieldFiltersSchema,
});

export const reviewQueueQuerySchema = reviewSelectionSchema.extend({
  after: z.string().regex(/^\d{1,18}$/, "after must be an image id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ReviewSelection = { batchId?: string; reason?: string; filter?: FieldFilter[] };

export const reviewDecisionSchema = z.object({
  decision: z.enum(["approve", "reject"], { message: 'decision must be "approve" or "reject"' }),
  /** An edited result replaces the model's in exports (the original is kept). */
  result: z
    .record(z.string(), z.unknown())
    .superRefine((result, context) => {
      const problem = storableJsonProblem(result, 32);
      if (problem) context.addIssue({ code: "custom", message: `The edited result ${problem}.` });
    })
    .optional(),
});

/** The WHERE of pending items in a selection (images aliased i). */
export function pendingWhere(selection: ReviewSelection): Prisma.Sql {
  const conditions = [Prisma.sql`i.review_status = 'pending_review'`];
  if (selection.batchId) conditions.push(Prisma.sql`i.batch_id IN (SELECT id FROM batches WHERE id = ${selection.batchId}::uuid OR parent_batch_id = ${selection.batchId}::uuid)`);
  if (selection.reason) conditions.push(Prisma.sql`i.review_reason = ${selection.reason}`);
  if (selection.filter?.length) conditions.push(toPrismaSql(fieldFiltersPieces(selection.filter)));
  return Prisma.join(conditions, " AND ");
}

interface QueueRow {
  id: bigint;
  batchId: string;
  batchName: string;
  name: string | null;
  sourceUrl: string | null;
  sha256: string | null;
  result: unknown;
  reviewReason: string | null;
  reviewNote: string | null;
}

/** Results awaiting a person, oldest first, keyset-paginated, each with why it waits; and how many wait for each reason. */
export async function listReviewQueue(db: PrismaClient, query: z.infer<typeof reviewQueueQuerySchema>) {
  const where = pendingWhere(query);
  const after = query.after ? Prisma.sql`AND i.id > ${BigInt(query.after)}` : Prisma.empty;
  const rows = await db.$queryRaw<QueueRow[]>`
    SELECT i.id, i.batch_id::text AS "batchId", b.name AS "batchName", i.name, i.source_url AS "sourceUrl", i.sha256, i.result,
           i.review_reason AS "reviewReason", i.review_note AS "reviewNote"
    FROM images i JOIN batches b ON b.id = i.batch_id
    WHERE ${where} ${after} ORDER BY i.id LIMIT ${query.limit}`;
  const counts = await db.$queryRaw<{ reason: string | null; n: bigint }[]>`
    SELECT i.review_reason AS reason, count(*) AS n FROM images i WHERE ${pendingWhere({ ...query, reason: undefined })} GROUP BY 1`;
  const byReason = Object.fromEntries(counts.map((row) => [row.reason ?? "review_all", Number(row.n)]));
  return {
    pending: query.reason ? (byReason[query.reason] ?? 0) : Object.values(byReason).reduce((sum, n) => sum + n, 0),
    byReason,
    items: rows.map(({ id, sha256, ...row }) => ({ ...row, id: id.toString(), hasFile: Boolean(sha256) })),
    nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null,
  };
}

/** pending_review → approved | rejected (a decision can be changed), with who and when. */
export async function reviewImage(db: PrismaClient, imageId: bigint, decision: z.infer<typeof reviewDecisionSchema>, reviewerId: string | null = null) {
  const image = await db.image.findUnique({ where: { id: imageId }, select: { status: true } });
  if (!image) throw notFound("That image");
  if (image.status !== "succeeded") throw conflict("image_not_reviewable", "Only a succeeded result can be reviewed.");
  const updated = await db.image.update({
    where: { id: imageId },
    data: {
      reviewStatus: decision.decision === "approve" ? "approved" : "rejected",
      reviewedAt: new Date(),
      reviewedById: reviewerId,
      ...(decision.result ? { reviewedResult: decision.result as object } : {}),
    },
    select: { id: true, reviewStatus: true, reviewedAt: true, reviewedById: true },
  });
  return { ...updated, id: updated.id.toString() };
}
