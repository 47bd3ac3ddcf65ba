import type pg from "pg";
import { checkoutClient } from "../db/checkout-client";
import type { ExportRow } from "./export-columns";

export interface ExportFilters {
  status?: string;
  reviewStatus?: string;
  errorCode?: string;
  from?: Date;
  to?: Date;
}

// Small enough that a page of row objects dies before V8 promotes it (5,000-row pages raised the peak by ~50 MB).
const PAGE = 1000;

/**
 * Keyset-paged reads (id > last, the (batch_id, id) index): memory stays flat and page 200 costs what page 1 does.
 * Batches are read one after another, so a parent's parts come out in order.
 */
export async function* readExportRows(pool: pg.Pool, batchIds: string[], filters: ExportFilters): AsyncGenerator<ExportRow[]> {
  const { client, release } = await checkoutClient(pool);
  // Right after a bulk insert the planner may not know the batch is large and pick a bitmap scan + sort of every remaining
  // row for each page; walking the (batch_id, id) index in order is always right for keyset pages.
  await client.query("SET enable_bitmapscan = off; SET enable_sort = off");
  const page = (batchId: string, last: string) =>
    client.query<ExportRow>(
        `SELECT i.id::text, i.batch_id, i.name, i.source_url, i.external_id, i.status::text, i.review_status::text, i.result, i.reviewed_result,
                i.carried, i.last_error_code, i.last_error_message, i.attempts, i.input_tokens, i.output_tokens, i.cost_micros,
                i.started_at, i.finished_at, i.duration_ms, v.version AS template_version, i.model, i.cached
         FROM images i LEFT JOIN template_versions v ON v.id = i.template_version_id
         WHERE i.batch_id = $1 AND i.id > $2::bigint
           AND ($3::text IS NULL OR i.status::text = $3) AND ($4::text IS NULL OR i.review_status::text = $4)
           AND ($5::text IS NULL OR i.last_error_code = $5)
           AND ($6::timestamptz IS NULL OR i.finished_at >= $6) AND ($7::timestamptz IS NULL OR i.finished_at < $7)
         ORDER BY i.id LIMIT ${PAGE}`,
      [batchId, last, filters.status ?? null, filters.reviewStatus ?? null, filters.errorCode ?? null, filters.from ?? null, filters.to ?? null],
    );
  try {
    for (const batchId of batchIds) {
      let next = page(batchId, "0");
      for (;;) {
        const { rows } = await next;
        if (rows.length === 0) break;
        // Ask for the next page while the caller writes this one.
        if (rows.length === PAGE) next = page(batchId, rows[rows.length - 1].id);
        yield rows;
        if (rows.length < PAGE) break;
      }
    }
  } finally {
    await client.query("RESET ALL").catch(() => {});
    release();
  }
}
