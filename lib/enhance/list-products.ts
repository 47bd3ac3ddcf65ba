import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";

export const productListQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,18}$/, "cursor is the nextCursor of the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  productStatus: z.enum(["pending", "pending_review", "approved", "rejected", "blocked"]).optional(),
});

/**
 * An enhance batch's products (a parent: every part's), in order, keyset-paged, each with its variants (every generation,
 * newest first) and the instruction it was last made with: what the variant review page shows.
 */
export async function listProducts(db: PrismaClient, batchId: string, query: z.infer<typeof productListQuerySchema>) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { id: true, kind: true, templateVersion: { select: { instructions: true } } } });
  if (!batch) throw notFound("That batch");
  const batchIds = batch.kind === "parent" ? (await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true } })).map((part) => part.id) : [batchId];
  const images = await db.image.findMany({
    where: { batchId: { in: batchIds }, productStatus: query.productStatus ?? { not: null }, ...(query.cursor ? { id: { gt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "asc" },
    take: query.limit + 1,
    select: { id: true, name: true, externalId: true, status: true, productStatus: true, lastErrorMessage: true, enhanceInstructions: true, variantGeneration: true, carried: true },
  });
  const page = images.slice(0, query.limit);
  const outputs = await db.imageOutput.findMany({
    where: { imageId: { in: page.map((image) => image.id) }, kind: "variant" },
    orderBy: [{ generation: "desc" }, { position: "asc" }],
    select: { id: true, imageId: true, generation: true, position: true, reviewStatus: true, width: true, height: true },
  });
  return {
    products: page.map((image) => ({
      id: image.id.toString(),
      name: image.name,
      sku: image.externalId,
      status: image.status,
      productStatus: image.productStatus,
      reason: image.productStatus === "blocked" ? image.lastErrorMessage : null,
      instructions: image.enhanceInstructions ?? batch.templateVersion?.instructions ?? null,
      generation: image.variantGeneration ?? 1,
      originalUrl: `/api/v1/images/${image.id}/file`,
      variants: outputs
        .filter((output) => output.imageId === image.id)
        .map((output) => ({ id: output.id.toString(), url: `/api/v1/outputs/${output.id}/file`, status: output.reviewStatus ?? "pending", width: output.width, height: output.height, generation: output.generation, position: output.position })),
    })),
    nextCursor: images.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}
