import { z } from "zod";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { pendingWhere, reviewSelectionSchema } from "./review-queue";

export const bulkReviewSchema = reviewSelectionSchema.extend({
  decision: z.enum(["approve", "reject"], { message: 'decision must be "approve" or "reject"' }),
  /** What the person saw: refuse when more items match than they were shown a count of (the set grew meanwhile). */
  expectedCount: z.number().int().nonnegative().optional(),
});

// Rows per statement: each commits on its own, so a million-row approval never holds a million row locks at once.
const CHUNK = 5000;

/**
 * Approves or rejects every pending item of a selection (a batch, a reason, field filters) at once, in chunks of
 * 5,000 walked by id. Nothing but pending items changes; each carries who decided and when. Answers how many changed.
 */
export async function reviewInBulk(db: PrismaClient, input: z.infer<typeof bulkReviewSchema>, reviewerId: string | null) {
  if (!input.batchId && !input.reason && !input.filter?.length) throw badRequest("selection_required", "Choose what to decide on: a batch, a reason or a filter on the fields (all pending items at once is refused).");
  const where = pendingWhere(input);
  if (input.expectedCount !== undefined) {
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM images i WHERE ${where}`;
    if (Number(n) > input.expectedCount) throw badRequest("selection_grew", `${Number(n).toLocaleString("en")} items match now, more than the ${input.expectedCount.toLocaleString("en")} you were shown: look again before deciding on all of them.`);
  }
  const status = Prisma.sql`${input.decision === "approve" ? "approved" : "rejected"}::"ReviewStatus"`;
  let changed = 0;
  let after = 0n;
  for (;;) {
    const rows = await db.$queryRaw<{ last: bigint | null; n: bigint }[]>`
      WITH picked AS (SELECT i.id FROM images i WHERE ${where} AND i.id > ${after} ORDER BY i.id LIMIT ${CHUNK} FOR UPDATE SKIP LOCKED),
      done AS (UPDATE images SET review_status = ${status}, reviewed_at = now(), reviewed_by_id = ${reviewerId}::uuid FROM picked WHERE images.id = picked.id RETURNING images.id)
      SELECT max(id) AS last, count(*) AS n FROM done`;
    const n = Number(rows[0]?.n ?? 0);
    changed += n;
    if (n < CHUNK || rows[0].last === null) break;
    after = rows[0].last;
  }
  return { decision: input.decision, changed };
}
