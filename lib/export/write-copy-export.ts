import type { Writable } from "node:stream";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { checkoutClient } from "../db/checkout-client";
import { copyExportSql } from "./copy-export-sql";
import { writeChunk as write } from "./write-chunk";
import type { ExportColumn } from "./export-columns";
import type { ExportFilters } from "./read-export-rows";

export type CopyExportFormat = "csv" | "json" | "jsonl";

// COPY hands over one socket read at a time (often a few KB): gathered into larger writes, the HTTP response takes fewer chunks.
const WRITE_BYTES = 1 << 16;

const csvHeader = (columns: ExportColumn[]) =>
  `${columns.map(({ header }) => (/[",\r\n]/.test(header) ? `"${header.replace(/"/g, '""')}"` : header)).join(",")}\n`;

/**
 * Streams a CSV, JSON or JSONL export straight from PostgreSQL's COPY: one COPY per batch (a parent's parts in order) on
 * one connection. Backpressure reaches PostgreSQL: while `output` is full, the COPY stream is not read, pg-copy-streams
 * pauses the socket and the server waits. JSON is the JSONL lines as one array (a comma before every line but the first).
 */
export async function writeCopyExport(pool: pg.Pool, format: CopyExportFormat, columns: ExportColumn[], batchIds: string[], filters: ExportFilters, output: Writable, { bom = false } = {}) {
  const { client, release } = await checkoutClient(pool);
  const array = format === "json" ? new JsonArrayFraming() : null;
  let failure: Error | undefined;
  try {
    await write(output, format === "csv" ? `${bom ? "\ufeff" : ""}${csvHeader(columns)}` : format === "json" ? "[" : "");
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await write(output, array ? array.frame(chunk) : chunk);
    };
    for (const batchId of batchIds) {
      const stream = client.query(copyTo(copyExportSql(format === "csv" ? "csv" : "jsonl", columns, batchId, filters)));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BYTES) await flush();
      }
    }
    await flush();
    if (array) await write(output, array.end());
    output.end();
  } catch (error) {
    // A COPY abandoned half-way (the client went away) leaves the connection mid-protocol: it is discarded, not reused.
    failure = error as Error;
    throw error;
  } finally {
    release(failure);
  }
}

const NEWLINE = 0x0a;
const BETWEEN = Buffer.from(",\n");

/**
 * Turns COPY's JSON lines ("{…}\n{…}\n", cut anywhere into chunks) into the inside of a JSON array: a comma between lines.
 * Lines never hold a raw LF (JSON escapes it), so each LF ends a line; the last one is held back until more follows.
 */
class JsonArrayFraming {
  private started = false;
  private heldNewline = false;

  frame(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) parts.push(Buffer.from("\n"));
    else if (this.heldNewline) parts.push(BETWEEN);
    this.started = true;
    let from = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
      parts.push(chunk.subarray(from, at));
      from = at + 1;
      if (from < chunk.length) parts.push(BETWEEN);
    }
    this.heldNewline = from === chunk.length;
    if (from < chunk.length) parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  }

  end(): string {
    return this.started ? "\n]\n" : "]\n";
  }
}
