import type pg from "pg";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import type { TemplateField } from "../templates/schemas";
import { exportColumns } from "./export-columns";
import { outputColumns, variantColumns } from "./output-columns";
import { readExportRows, type ExportFilters } from "./read-export-rows";
import { writeCopyExport } from "./write-copy-export";
import { EXPORT_CONTENT_TYPES, exportStream, writeExport, type ExportFormat } from "./write-export";
import { feedColumns, writeMerchantExport, writeShopifyExport, type FeedChoice } from "./write-feed-export";

export interface ExportRequest {
  batchId: string;
  format: ExportFormat | "shopify" | "merchant";
  /** format=shopify / merchant: which result fields fill the feed's columns. */
  feed?: FeedChoice;
  filters: ExportFilters;
  includeRaw: boolean;
  bom: boolean;
  /** Where people reach Loupe (PUBLIC_URL, or the request's origin): output URLs are under it. */
  baseUrl?: string;
}

export const batchFileSlug = (name: string) => name.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/\s+/g, "-").toLowerCase().slice(0, 80) || "batch";

const isEnhanceVersion = async (db: PrismaClient, versionId: string | null) =>
  versionId ? (await db.templateVersion.findUnique({ where: { id: versionId }, select: { template: { select: { kind: true } } } }))?.template.kind === "enhance" : false;

const isTransform = (version: { operations: unknown } | null) => version?.operations !== null && version?.operations !== undefined;

/**
 * Starts a streamed export of a batch (a parent: all its parts, in order) and says what the file is called. CSV, JSON and
 * JSONL come formatted from PostgreSQL's COPY; XLSX is written from keyset-paged rows.
 */
export async function exportBatch(db: PrismaClient, pool: pg.Pool, request: ExportRequest, now = new Date()) {
  const batch = await db.batch.findUnique({ where: { id: request.batchId } });
  if (!batch) throw notFound("That batch");
  const parts = batch.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: batch.id }, orderBy: { sequence: "asc" } }) : [batch];
  const first = parts[0] ?? batch;
  const versionId = first.templateVersionId ?? batch.templateVersionId;
  const version = versionId ? await db.templateVersion.findUnique({ where: { id: versionId } }) : null;
  const sample = version ? null : await db.image.findFirst({ where: { batchId: { in: parts.map((p) => p.id) }, status: "succeeded" }, select: { result: true } });
  const columns = exportColumns({
    carriedColumns: first.carriedColumns.length ? first.carriedColumns : batch.carriedColumns,
    fields: (version?.fields as unknown as TemplateField[] | undefined) ?? [],
    resultKeys: sample?.result && typeof sample.result === "object" ? Object.keys(sample.result) : [],
    includeRaw: request.includeRaw,
    outputs: first.transformVersionId || isTransform(version) ? outputColumns(request.baseUrl ?? "") : (await isEnhanceVersion(db, versionId)) ? variantColumns(request.baseUrl ?? "") : undefined,
  });
  const output = exportStream();
  if (request.format === "shopify" || request.format === "merchant") {
    const firstField = ((version?.fields as unknown as TemplateField[] | undefined) ?? [])[0]?.name ?? (sample?.result && typeof sample.result === "object" ? Object.keys(sample.result)[0] : undefined);
    const choice: FeedChoice = { ...request.feed, altText: request.feed?.altText ?? firstField };
    const pages = readExportRows(pool, parts.map((p) => p.id), request.filters, feedColumns(request.format, choice));
    const shopify = request.format === "shopify";
    (shopify ? writeShopifyExport : writeMerchantExport)(choice, pages, output).catch((error) => output.destroy(error));
    return { stream: output, contentType: shopify ? "text/csv; charset=utf-8" : "text/tab-separated-values; charset=utf-8", fileName: `${batchFileSlug(batch.name)}-${shopify ? "shopify-products.csv" : "merchant-supplemental.tsv"}` };
  }
  const batchIds = parts.map((p) => p.id);
  const written =
    request.format === "xlsx"
      ? writeExport(request.format, columns, readExportRows(pool, batchIds, request.filters, columns), output)
      : writeCopyExport(pool, request.format, columns, batchIds, request.filters, output, { bom: request.bom });
  written.catch((error) => output.destroy(error));
  return {
    stream: output,
    contentType: EXPORT_CONTENT_TYPES[request.format],
    fileName: `${batchFileSlug(batch.name)}-results-${now.toISOString().slice(0, 10)}.${request.format}`,
  };
}
