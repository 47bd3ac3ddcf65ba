import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import { createBatches, type CreatedBatches } from "../ingest/create-batches";
import { batchModel, currentTemplateVersion } from "../ingest/create-batches-from-request";
import type { IngestRow } from "../ingest/insert-batch-rows";
import { isTransformVersion } from "../ingest/transform-step-version";

const PAGE = 2000;

/** The images of a batch (or of every part of a parent), in order, as ingestion rows: read in keyset pages, never all at once. */
async function* imagesAsRows(db: PrismaClient, batchIds: string[]): AsyncGenerator<IngestRow> {
  let rowNumber = 0;
  for (const batchId of batchIds) {
    let after = 0n;
    for (;;) {
      const page = await db.image.findMany({
        where: { batchId, id: { gt: after } },
        orderBy: { id: "asc" },
        take: PAGE,
        select: { id: true, sourceUrl: true, name: true, externalId: true, sha256: true, mimeType: true, bytes: true, carried: true },
      });
      for (const image of page) {
        rowNumber += 1;
        // A URL image is fetched again (the page may have changed); an uploaded one is analysed from the same stored file.
        yield {
          rowNumber,
          url: image.sourceUrl,
          name: image.name,
          externalId: image.externalId,
          sha256: image.sourceUrl ? null : image.sha256,
          mimeType: image.sourceUrl ? null : image.mimeType,
          bytes: image.sourceUrl ? null : image.bytes,
          carried: (image.carried as Record<string, string> | null) ?? null,
        };
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
  }
}

/** The same images again with another template (or the same, after editing it), as a new batch; the original is untouched. */
export async function rerunBatch(db: PrismaClient, config: Config, batchId: string, input: { templateId?: string; name?: string }, createdById: string | null): Promise<CreatedBatches> {
  const source = await db.batch.findUnique({ where: { id: batchId }, select: { name: true, kind: true, source: true, sourceFileName: true, carriedColumns: true, transformVersionId: true } });
  if (!source) throw notFound("That batch");
  const parts = source.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: batchId }, orderBy: { sequence: "asc" }, select: { id: true } }) : [];
  const templateVersionId = await currentTemplateVersion(db, config, input.templateId);
  return createBatches(db, {
    name: input.name || `${source.name} (re-run)`,
    source: source.source,
    sourceFileName: source.sourceFileName,
    rows: imagesAsRows(db, source.kind === "parent" ? parts.map((part) => part.id) : [batchId]),
    maxBatchSize: config.MAX_BATCH_SIZE,
    templateVersionId,
    // The images are prepared as before, unless the re-run is itself a transform.
    transformVersionId: (await isTransformVersion(db, templateVersionId)) ? null : source.transformVersionId,
    model: await batchModel(db, config, templateVersionId, input.templateId),
    carriedColumns: source.carriedColumns,
    createdById,
  });
}
