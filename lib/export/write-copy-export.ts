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
  `${columns.map(({ header }) => (/[",\r\n]/.test(header) ? `"${header.replace(/"/g, '""')}"` : header)).join(",")}\r\n`;

/**
 * Streams a CSV, JSON or JSONL export straight from PostgreSQL's COPY: one COPY per batch (a parent's parts in order) on
 * one connection. Backpressure reaches PostgreSQL: while `output` is full, the COPY stream is not read, pg-copy-streams
 * pauses the socket and the server waits. JSON is the JSONL lines as one array (a comma before every line but the first).
 */
export async function writeCopyExport(pool: pg.Pool, format: CopyExportFormat, columns: ExportColumn[], batchIds: string[], filters: ExportFilters, output: Writable, { bom = false } = {}) {
  const { client, release } = await checkoutClient(pool);
  const framing = format === "json" ? new JsonArrayFraming() : format === "csv" ? new CsvLineEnds() : null;
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
      await write(output, framing ? framing.frame(chunk) : chunk);
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
    if (framing instanceof JsonArrayFraming) await write(output, framing.end());
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
const QUOTE = 0x22;
const CRLF = Buffer.from("\r\n");

/**
 * COPY ends CSV rows with LF; RFC 4180 (and Loupe's exports before COPY) with CRLF. An LF outside quotes ends a row and
 * becomes CRLF; one inside a quoted field is data and stays. Quote state carries across chunks ("" toggles twice).
 */
class CsvLineEnds {
  private quoted = false;

  frame(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    let from = 0;
    let at = 0;
    while (at < chunk.length) {
      if (this.quoted) {
        const close = chunk.indexOf(QUOTE, at);
        if (close === -1) break;
        this.quoted = false;
        at = close + 1;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, at);
      const open = chunk.indexOf(QUOTE, at);
      if (open !== -1 && (newline === -1 || open < newline)) {
        this.quoted = true;
        at = open + 1;
        continue;
      }
      if (newline === -1) break;
      parts.push(chunk.subarray(from, newline), CRLF);
      from = at = newline + 1;
    }
    if (from === 0) return chunk;
    if (from < chunk.length) parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  }
}
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
