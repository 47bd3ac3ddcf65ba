import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { CopyChunk, insertCopyChunk, type IngestRow } from "./insert-batch-rows";

export interface CreateBatchesInput {
  name: string;
  source: "upload" | "csv" | "urls" | "bucket";
  sourceFileName?: string | null;
  /** A bucket batch's listing, s3://bucket/prefix/ (a sync lists it again). */
  sourceUri?: string | null;
  rows: AsyncIterable<IngestRow> | Iterable<IngestRow>;
  maxBatchSize: number;
  templateVersionId?: string | null;
  /** A transform run on each image before the analysis template (null: none). */
  transformVersionId?: string | null;
  model?: string | null;
  carriedColumns?: string[];
  createdById?: string | null;
  /** Spending cap (micro-dollars). Split into parts, the cap is the parent's: the whole upload may spend at most this. */
  budgetMicros?: bigint | null;
}

export interface CreatedBatches {
  parentId: string | null;
  batches: { id: string; name: string; totalImages: number; sequence: number | null }[];
}

const CHUNK = 2000;

/**
 * Streams rows into batches of at most maxBatchSize. More rows than that become "<name> — Part N of M" parts under one
 * parent; M is only known at the end, so parts are named once all rows are in. Nothing is started here. A spending cap
 * goes on the batch, or on the parent of parts (they share it: lib/budget reads a part's cap from its parent).
 */
export async function createBatches(db: PrismaClient, input: CreateBatchesInput): Promise<CreatedBatches> {
  const common = {
    source: input.source,
    sourceFileName: input.sourceFileName ?? null,
    sourceUri: input.sourceUri ?? null,
    listedAt: input.sourceUri ? new Date() : null,
    templateVersionId: input.templateVersionId ?? null,
    transformVersionId: input.transformVersionId ?? null,
    model: input.model ?? null,
    carriedColumns: input.carriedColumns ?? [],
    createdById: input.createdById ?? null,
    status: "draft" as const,
  };
  const parts: { id: string; totalImages: number }[] = [];
  let current: { id: string; totalImages: number } | null = null;
  let chunk: CopyChunk | null = null;

  // One chunk is written while the next is read and parsed: reading the input and inserting overlap instead of taking turns.
  let inFlight: Promise<unknown> = Promise.resolve(null);
  const settle = async () => {
    const failure = await inFlight;
    inFlight = Promise.resolve(null);
    if (failure) throw failure;
  };
  const flush = async () => {
    if (!current || !chunk || chunk.count === 0) return;
    const full = chunk;
    current.totalImages += full.count;
    chunk = null;
    await settle();
    inFlight = insertCopyChunk(db, full).then(() => null, (error: unknown) => error ?? new Error("insert failed"));
  };

  try {
    for await (const row of input.rows) {
      if (!current || current.totalImages + (chunk?.count ?? 0) >= input.maxBatchSize) {
        await flush();
        const created = await db.batch.create({ data: { ...common, name: input.name, kind: "single" }, select: { id: true } });
        current = { id: created.id, totalImages: 0 };
        parts.push(current);
      }
      chunk ??= new CopyChunk(current.id);
      chunk.add(row);
      if (chunk.count >= CHUNK) await flush();
    }
    await flush();
  } finally {
    // A bad row mid-file must not leave a write running after the caller has answered.
    await inFlight;
  }
  await settle();
  if (parts.length === 0) throw badRequest("no_images", "There are no images to analyse: the input had no valid rows.");

  if (parts.length === 1) {
    await db.batch.update({ where: { id: parts[0].id }, data: { status: "queued", budgetMicros: input.budgetMicros ?? null } });
    return { parentId: null, batches: [{ id: parts[0].id, name: input.name, totalImages: parts[0].totalImages, sequence: null }] };
  }
  const total = parts.reduce((sum, part) => sum + part.totalImages, 0);
  const parent = await db.batch.create({ data: { ...common, name: input.name, kind: "parent", totalParts: parts.length, totalImages: total, status: "queued", budgetMicros: input.budgetMicros ?? null } });
  const named = parts.map((part, index) => ({ ...part, name: `${input.name} — Part ${index + 1} of ${parts.length}`, sequence: index + 1 }));
  await db.$transaction(
    named.map((part) =>
      db.batch.update({ where: { id: part.id }, data: { name: part.name, kind: "part", parentBatchId: parent.id, sequence: part.sequence, totalParts: parts.length, status: "queued" } }),
    ),
  );
  return { parentId: parent.id, batches: named.map(({ id, name, totalImages, sequence }) => ({ id, name, totalImages, sequence })) };
}
