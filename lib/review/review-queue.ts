import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { conflict, notFound } from "../errors";
import { storableJsonProblem } from "../validation/storable-text";

export const reviewQueueQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/, "after must be an image id").optional(),
  batchId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

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

/** Results awaiting a person, oldest first, keyset-paginated. */
export async function listReviewQueue(db: PrismaClient, query: z.infer<typeof reviewQueueQuerySchema>) {
  const rows = await db.image.findMany({
    where: { reviewStatus: "pending_review", ...(query.batchId ? { batchId: query.batchId } : {}), ...(query.after ? { id: { gt: BigInt(query.after) } } : {}) },
    orderBy: { id: "asc" },
    take: query.limit,
    select: { id: true, batchId: true, name: true, sourceUrl: true, sha256: true, result: true, batch: { select: { name: true } } },
  });
  const pending = await db.image.count({ where: { reviewStatus: "pending_review", ...(query.batchId ? { batchId: query.batchId } : {}) } });
  return {
    pending,
    items: rows.map(({ id, sha256, batch, ...row }) => ({ ...row, id: id.toString(), batchName: batch.name, hasFile: Boolean(sha256) })),
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
