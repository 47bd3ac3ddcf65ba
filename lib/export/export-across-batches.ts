import type pg from "pg";
import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { badRequest, notFound } from "../errors";
import type { TemplateField } from "../templates/schemas";
import { exportColumns, IMAGE_ID_COLUMN, type ExportColumn } from "./export-columns";
import { readExportRows } from "./read-export-rows";
import { exportQuerySchema } from "./schemas";
import { writeCopyExport } from "./write-copy-export";
import { EXPORT_CONTENT_TYPES, exportStream, writeExport } from "./write-export";

/** Seed 000's GET /batch-data/export: snake_case filters beside Loupe's own export filters. */
export const crossBatchExportQuerySchema = exportQuerySchema.extend({
  batch_id: z.uuid({ message: "batch_id is not a valid batch id" }).optional(),
  parent_batch_id: z.uuid({ message: "parent_batch_id is not a valid batch id" }).optional(),
  review_status: exportQuerySchema.shape.reviewStatus,
  since: z.coerce.date({ message: "since must be a date or time (2026-01-31 or 2026-01-31T12:00:00Z)" }).optional(),
});

export type CrossBatchExportQuery = z.infer<typeof crossBatchExportQuerySchema>;

const MAX_BATCHES = 10_000;
const BATCH_COLUMNS: ExportColumn[] = [
  { header: "batch_id", sql: () => "i.batch_id::text", value: (text) => text, kind: "safe" },
  { header: "batch_name", sql: () => "(SELECT b.name FROM batches b WHERE b.id = i.batch_id)", value: (text) => text },
];

/** The batches an export reads, oldest first: one batch (a parent: its parts), a parent's parts, or every batch with images. */
async function selectBatches(db: PrismaClient, query: CrossBatchExportQuery) {
  const select = { id: true, kind: true, templateVersionId: true, carriedColumns: true } as const;
  if (query.batch_id && query.parent_batch_id) throw badRequest("conflicting_filters", "Send batch_id or parent_batch_id, not both.");
  const parentId = query.parent_batch_id ?? (query.batch_id ? await parentOf(db, query.batch_id) : null);
  if (parentId) return db.batch.findMany({ where: { parentBatchId: parentId }, orderBy: { sequence: "asc" }, select });
  if (query.batch_id) return db.batch.findMany({ where: { id: query.batch_id }, select });
  return db.batch.findMany({ where: { kind: { not: "parent" }, status: { not: "draft" } }, orderBy: { createdAt: "asc" }, take: MAX_BATCHES, select });
}

async function parentOf(db: PrismaClient, batchId: string) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { kind: true } });
  if (!batch) throw notFound("That batch");
  return batch.kind === "parent" ? batchId : null;
}

/**
 * Results of many batches in one streamed file: a column per field of any of their templates, and each row's batch id
 * and name. The same columns, formats and formula-injection guard as a batch's own export.
 */
export async function exportAcrossBatches(db: PrismaClient, pool: pg.Pool, query: CrossBatchExportQuery, now = new Date()) {
  const batches = await selectBatches(db, query);
  if (query.parent_batch_id && batches.length === 0) throw notFound("That parent batch");
  const versionIds = [...new Set(batches.map((b) => b.templateVersionId).filter((id): id is string => id !== null))];
  const versions = versionIds.length ? await db.templateVersion.findMany({ where: { id: { in: versionIds } }, select: { fields: true } }) : [];
  const fields = new Map<string, TemplateField>();
  for (const version of versions) for (const field of version.fields as unknown as TemplateField[]) if (!fields.has(field.name)) fields.set(field.name, field);
  const local = batches.some((b) => b.templateVersionId === null);
  const sample = local && fields.size === 0 ? await db.image.findFirst({ where: { batchId: { in: batches.map((b) => b.id) }, status: "succeeded" }, select: { result: true } }) : null;
  const [idColumn, ...rest] = exportColumns({
    carriedColumns: [...new Set(batches.flatMap((b) => b.carriedColumns))],
    fields: [...fields.values()],
    resultKeys: sample?.result && typeof sample.result === "object" ? Object.keys(sample.result) : [],
    includeRaw: query.raw,
  });
  if (idColumn !== IMAGE_ID_COLUMN) throw new Error("exportColumns must start with the image id");
  const columns = [idColumn, ...BATCH_COLUMNS, ...rest];
  const filters = { status: query.status, reviewStatus: query.review_status ?? query.reviewStatus, errorCode: query.errorCode, from: query.since ?? query.from, to: query.to, fields: query.filter };
  const output = exportStream();
  const batchIds = batches.map((b) => b.id);
  const written =
    query.format === "xlsx"
      ? writeExport(query.format, columns, readExportRows(pool, batchIds, filters, columns), output)
      : writeCopyExport(pool, query.format, columns, batchIds, filters, output, { bom: query.bom });
  written.catch((error) => output.destroy(error));
  return { stream: output, contentType: EXPORT_CONTENT_TYPES[query.format], fileName: `loupe-results-${now.toISOString().slice(0, 10)}.${query.format}` };
}
