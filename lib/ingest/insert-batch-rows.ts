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
 * A chunk of one batch's rows, already in COPY's text format. Each row is written into a byte buffer as it arrives, so
 * the row's objects and strings die young instead of waiting for the chunk's insert (and being promoted to V8's old
 * generation, which then grows by hundreds of MB during a million-row ingest).
 */
export class CopyChunk {
  count = 0;
  private buffer = Buffer.allocUnsafe(1 << 19);
  private length = 0;

  constructor(readonly batchId: string) {}

  add(r: IngestRow) {
    const line = `${this.batchId}\t${r.rowNumber}\t${field(r.url)}\t${field(r.name)}\t${field(r.externalId)}\t${field(r.sha256)}\t${field(r.mimeType)}\t${field(r.bytes)}\t${field(r.carried ? JSON.stringify(r.carried) : null)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.length + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(line, this.length);
    this.count += 1;
  }

  bytes() {
    return this.buffer.subarray(0, this.length);
  }
}

/** One COPY per chunk (never row by row, and around Prisma's parameter handling), and the batch's counters, in one transaction. */
export async function insertCopyChunk(db: PrismaClient, chunk: CopyChunk) {
  if (chunk.count === 0) return;
  const client = await pgPoolFor(databaseUrlOf(db)).connect();
  try {
    await client.query("BEGIN");
    await pipeline(Readable.from([chunk.bytes()]), client.query(copyFrom("COPY images (batch_id, row_number, source_url, name, external_id, sha256, mime_type, bytes, carried) FROM STDIN")));
    await client.query("UPDATE batches SET total_images = total_images + $1, queued_count = queued_count + $1 WHERE id = $2::uuid", [chunk.count, chunk.batchId]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
