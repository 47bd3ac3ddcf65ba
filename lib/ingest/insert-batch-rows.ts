import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { databaseUrlOf } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { pgPoolFor } from "../db/pg-pool";

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

// COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
const field = (value: string | number | null | undefined) =>
  value === null || value === undefined ? "\\N" : String(value).replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

/**
 * One COPY per chunk (never row by row, and around Prisma: its parameter handling of 2,000-row arrays made most of the
 * ingest's garbage), and the batch's counters in the same transaction.
 */
export async function insertBatchRows(db: PrismaClient, batchId: string, rows: IngestRow[]) {
  if (rows.length === 0) return;
  let text = "";
  for (const r of rows) {
    text += `${batchId}\t${r.rowNumber}\t${field(r.url)}\t${field(r.name)}\t${field(r.externalId)}\t${field(r.sha256)}\t${field(r.mimeType)}\t${field(r.bytes)}\t${field(r.carried ? JSON.stringify(r.carried) : null)}\n`;
  }
  const client = await pgPoolFor(databaseUrlOf(db)).connect();
  try {
    await client.query("BEGIN");
    await pipeline(Readable.from([text]), client.query(copyFrom("COPY images (batch_id, row_number, source_url, name, external_id, sha256, mime_type, bytes, carried) FROM STDIN")));
    await client.query("UPDATE batches SET total_images = total_images + $1, queued_count = queued_count + $1 WHERE id = $2::uuid", [rows.length, batchId]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
