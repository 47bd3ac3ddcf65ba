import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import { poolOf, sql } from "../db/sql";

export const outputPairsQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/, "after must be an output id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(24),
});

interface PairRow {
  id: string;
  imageId: string;
  name: string | null;
  externalId: string | null;
  kind: string;
  position: number;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  originalMimeType: string | null;
  originalBytes: number | null;
  originalWidth: number | null;
  originalHeight: number | null;
}

/** The transform a batch runs (its own template, or the step before its analysis), or null. */
async function batchTransform(db: PrismaClient, batchId: string) {
  const batch = await db.batch.findUnique({
    where: { id: batchId },
    select: { kind: true, templateVersion: { select: { operations: true, template: { select: { name: true } } } }, transformVersion: { select: { operations: true, template: { select: { name: true } } } } },
  });
  if (!batch) throw notFound("That batch");
  const own = batch.templateVersion?.operations ? batch.templateVersion : null;
  const step = own ?? batch.transformVersion;
  return { kind: batch.kind, transform: step ? { name: step.template.name, operations: step.operations, beforeAnalysis: !own } : null };
}

/**
 * A batch's outputs beside their originals (before / after), oldest first in keyset pages: what each is (type, size,
 * pixels) and the URLs that show and download both. A parent lists its parts' outputs.
 */
export async function listOutputPairs(db: PrismaClient, batchId: string, query: z.infer<typeof outputPairsQuerySchema>) {
  const { kind, transform } = await batchTransform(db, batchId);
  const batchIds = kind === "parent" ? (await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true } })).map((part) => part.id) : [batchId];
  const { rows } = await poolOf(db).query<PairRow>(sql`
    SELECT o.id::text, o.image_id::text AS "imageId", i.name, i.external_id AS "externalId", o.kind::text AS kind, o.position,
           o.mime_type AS "mimeType", o.bytes, o.width, o.height,
           i.mime_type AS "originalMimeType", i.bytes AS "originalBytes", i.width AS "originalWidth", i.height AS "originalHeight"
    FROM image_outputs o JOIN images i ON i.id = o.image_id
    WHERE o.batch_id = ANY(${batchIds}::uuid[]) AND o.id > ${query.after ?? "0"}::bigint
      AND NOT EXISTS (SELECT 1 FROM image_outputs newer WHERE newer.image_id = o.image_id AND newer.kind = o.kind AND newer.position = o.position AND newer.generation > o.generation)
    ORDER BY o.id LIMIT ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  return {
    transform,
    outputs: page.map((row) => ({
      id: row.id,
      imageId: row.imageId,
      name: row.name ?? row.externalId ?? `Image #${row.imageId}`,
      kind: row.kind,
      position: row.position,
      original: { mimeType: row.originalMimeType, bytes: row.originalBytes, width: row.originalWidth, height: row.originalHeight, url: `/api/v1/images/${row.imageId}/file` },
      output: { mimeType: row.mimeType, bytes: row.bytes, width: row.width, height: row.height, url: `/api/v1/outputs/${row.id}/file` },
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
  };
}

export type OutputPairsPage = Awaited<ReturnType<typeof listOutputPairs>>;
