import type { PrismaClient } from "../db/generated/client";

export interface IngestRow {
  rowNumber: number;
  url?: string | null;
  name?: string | null;
  externalId?: string | null;
  sha256?: string | null;
  mimeType?: string | null;
  bytes?: number | null;
  carried?: Record<string, string> | null;
}

/** One INSERT … SELECT FROM unnest(…) per chunk (never row by row), and the batch's counters in the same transaction. */
export async function insertBatchRows(db: PrismaClient, batchId: string, rows: IngestRow[]) {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: IngestRow) => T) => rows.map(pick);
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO images (batch_id, row_number, source_url, name, external_id, sha256, mime_type, bytes, carried)
      SELECT ${batchId}::uuid, r.row_number, r.source_url, r.name, r.external_id, r.sha256, r.mime_type, r.bytes, r.carried::jsonb
      FROM unnest(${column((r) => r.rowNumber)}::int[], ${column((r) => r.url ?? null)}::text[], ${column((r) => r.name ?? null)}::text[],
                  ${column((r) => r.externalId ?? null)}::text[], ${column((r) => r.sha256 ?? null)}::text[], ${column((r) => r.mimeType ?? null)}::text[],
                  ${column((r) => r.bytes ?? null)}::int[], ${column((r) => (r.carried ? JSON.stringify(r.carried) : null))}::text[])
        AS r(row_number, source_url, name, external_id, sha256, mime_type, bytes, carried)`,
    db.$executeRaw`UPDATE batches SET total_images = total_images + ${rows.length}, queued_count = queued_count + ${rows.length} WHERE id = ${batchId}::uuid`,
  ]);
}
