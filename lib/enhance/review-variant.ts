import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import { refreshProductStatus } from "./refresh-product-status";

/** A person's verdict on one variant; the product's state follows in the same transaction. */
export async function reviewVariant(db: PrismaClient, variantId: bigint, decision: "approve" | "reject", reviewedById: string | null) {
  return db.$transaction(async (tx) => {
    const variant = await tx.imageOutput.findUnique({ where: { id: variantId }, select: { id: true, kind: true, imageId: true } });
    if (!variant || variant.kind !== "variant") throw notFound("That variant");
    const reviewStatus = decision === "approve" ? "approved" : "rejected";
    await tx.imageOutput.update({ where: { id: variantId }, data: { reviewStatus, reviewedById, reviewedAt: new Date() } });
    await refreshProductStatus(tx, variant.imageId);
    const image = await tx.image.findUniqueOrThrow({ where: { id: variant.imageId }, select: { productStatus: true } });
    return { id: variantId.toString(), status: reviewStatus, imageId: variant.imageId.toString(), productStatus: image.productStatus };
  });
}
