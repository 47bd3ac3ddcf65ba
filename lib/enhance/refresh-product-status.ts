import type { Prisma, PrismaClient } from "../db/generated/client";

/**
 * A product's state from its variants, in one statement: approved when a person approved at least one (of any
 * generation), pending_review while any waits for review, rejected when every one was rejected. A blocked product stays
 * blocked until it is regenerated; a product with no variants yet stays pending.
 */
export async function refreshProductStatus(db: PrismaClient | Prisma.TransactionClient, imageId: bigint): Promise<void> {
  await db.$executeRaw`
    UPDATE images i SET product_status = s.status::"ProductStatus"
    FROM (
      SELECT CASE
        WHEN bool_or(review_status = 'approved') THEN 'approved'
        WHEN bool_or(review_status = 'pending') THEN 'pending_review'
        ELSE 'rejected' END AS status
      FROM image_outputs WHERE image_id = ${imageId} AND kind = 'variant'
      HAVING count(*) > 0
    ) s
    WHERE i.id = ${imageId} AND i.product_status IS DISTINCT FROM 'blocked'`;
}
