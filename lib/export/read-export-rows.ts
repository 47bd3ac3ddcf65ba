import type pg from "pg";
import { checkoutClient } from "../db/checkout-client";
import { fieldFiltersPieces, toParamSql } from "../results/field-filter-sql";
import type { FieldFilter } from "../results/parse-field-filter";
import { EXPORT_FROM, IMAGE_ID_COLUMN, type ExportColumn, type ExportRow } from "./export-columns";

export interface ExportFilters {
  status?: string;
  reviewStatus?: string;
  errorCode?: string;
  from?: Date;
  to?: Date;
  /** Conditions on the result's fields, as the batch page's results table filters (lib/results/parse-field-filter). */
  fields?: FieldFilter[];
}

// Small enough that a page of rows dies before V8 promotes it (5,000-row pages raised the peak by ~50 MB).
const PAGE = 1000;
// Every cell arrives as the text PostgreSQL sent: the columns decode what they need (see ExportColumn).
const TEXT_CELLS = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

/** The page query: the columns' expressions, then the keyset and the filters. */
function pageQuery(columns: ExportColumn[], fields: FieldFilter[]) {
  const bound: string[] = [];
  const param = (value: string) => `$${bound.push(value) + 7}`;
  const select = columns.map((column) => column.sql(param)).join(", ");
  const fieldConditions = toParamSql(fieldFiltersPieces(fields), param);
  const text = `SELECT ${select}
     FROM ${EXPORT_FROM}
     WHERE i.batch_id = $1 AND i.id > $2::bigint
       AND ($3::text IS NULL OR i.status::text = $3) AND ($4::text IS NULL OR i.review_status::text = $4)
       AND ($5::text IS NULL OR i.last_error_code = $5)
       AND ($6::timestamptz IS NULL OR i.finished_at >= $6) AND ($7::timestamptz IS NULL OR i.finished_at < $7)
       AND ${fieldConditions}
     ORDER BY i.id LIMIT ${PAGE}`;
  return { text, bound };
}

/**
 * Keyset-paged reads (id > last, the (batch_id, id) index): memory stays flat and page 200 costs what page 1 does.
 * Rows are arrays of text cells, one per column. Batches are read one after another, so a parent's parts come out in order.
 */
export async function* readExportRows(pool: pg.Pool, batchIds: string[], filters: ExportFilters, columns: ExportColumn[]): AsyncGenerator<ExportRow[]> {
  if (columns[0] !== IMAGE_ID_COLUMN) throw new Error("An export's first column must be the image id: pages are keyed on it.");
  const { text, bound } = pageQuery(columns, filters.fields ?? []);
  const { client, release } = await checkoutClient(pool);
  // Right after a bulk insert the planner may not know the batch is large and pick a bitmap scan + sort of every remaining
  // row for each page; walking the (batch_id, id) index in order is always right for keyset pages.
  await client.query("SET enable_bitmapscan = off; SET enable_sort = off");
  const filterValues = [filters.status ?? null, filters.reviewStatus ?? null, filters.errorCode ?? null, filters.from?.toISOString() ?? null, filters.to?.toISOString() ?? null];
  const page = (batchId: string, last: string) =>
    client.query<ExportRow>({ text, values: [batchId, last, ...filterValues, ...bound], rowMode: "array", types: TEXT_CELLS });
  try {
    for (const batchId of batchIds) {
      let next = page(batchId, "0");
      for (;;) {
        const { rows } = await next;
        if (rows.length === 0) break;
        // Ask for the next page while the caller writes this one.
        if (rows.length === PAGE) next = page(batchId, rows[rows.length - 1][0]!);
        yield rows;
        if (rows.length < PAGE) break;
      }
    }
  } finally {
    await client.query("RESET ALL").catch(() => {});
    release();
  }
}
