import path from "node:path";
import type { z } from "zod";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { applyExecutionMode } from "../execution/apply-execution-mode";
import { createBatches } from "../ingest/create-batches";
import { batchModel, currentTemplateVersion } from "../ingest/create-batches-from-request";
import { imageUrlProblem } from "../ingest/validate-image-url";
import { enhanceBatchMode, isEnhanceTemplate, markProductsPending } from "./enhance-batch-mode";
import type { bulkProductsSchema } from "./schemas";

type BulkProducts = z.infer<typeof bulkProductsSchema>;

const cell = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/**
 * Seed 003's door: products in bulk become one enhance batch (parts past MAX_BATCH_SIZE), one image per product with its
 * photo's URL; the SKU is its external id (and its variants' file names), every other field is carried to the exports.
 * Nothing is stored when a product is invalid: the 400 names it.
 */
export async function createProducts(db: PrismaClient, config: Config, body: BulkProducts, createdById: string | null) {
  if (!(await isEnhanceTemplate(db, body.templateId))) {
    throw badRequest("not_an_enhance_template", "templateId must name an enhance template (kind \"enhance\", e.g. the built-in \"Product on white\"): products are enhanced into variants.");
  }
  const mode = await enhanceBatchMode(db, config, undefined);
  const problems = body.products.map((product, index) => ({ index, problem: imageUrlProblem(product.raw_image) })).filter((entry) => entry.problem);
  if (problems.length) {
    throw badRequest("invalid_raw_image", `${problems.length} product(s) have a raw_image that is not a valid image URL; the first, products[${problems[0].index}], is ${problems[0].problem}.`, {
      issues: problems.slice(0, 50).map((entry) => ({ index: entry.index, reason: entry.problem })),
    });
  }
  const carriedColumns = [...new Set(body.products.flatMap((product) => Object.keys(product).filter((key) => key !== "raw_image")))];
  const templateVersionId = await currentTemplateVersion(db, config, body.templateId);
  const created = await createBatches(db, {
    name: body.name || `Products ${new Date().toISOString().slice(0, 10)}`,
    source: "urls",
    maxBatchSize: config.MAX_BATCH_SIZE,
    templateVersionId,
    model: await batchModel(db, config, templateVersionId, body.templateId),
    carriedColumns,
    createdById,
    rows: body.products.map((product, index) => ({
      rowNumber: index + 1,
      url: product.raw_image,
      externalId: product.sku ?? null,
      name: product.sku ?? product.name ?? (path.basename(new URL(product.raw_image).pathname) || null),
      carried: Object.fromEntries(carriedColumns.map((column) => [column, cell(product[column])])),
    })),
  });
  await applyExecutionMode(db, config, created, mode, body.templateId);
  const batchIds = created.batches.map((batch) => batch.id);
  await markProductsPending(db, created);
  const images = await db.image.findMany({ where: { batchId: { in: batchIds } }, select: { id: true, externalId: true }, orderBy: { id: "asc" } });
  return {
    created,
    response: {
      batchId: created.parentId ?? created.batches[0].id,
      created: images.length,
      products: images.map((image) => ({ id: image.id.toString(), sku: image.externalId, status: "pending" as const })),
    },
  };
}
