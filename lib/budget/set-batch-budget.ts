import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { notFound } from "../errors";
import { usdToMicros } from "./money";

export interface BudgetChange {
  /** The batch whose cap changed: the batch itself, or, when a part was named, the upload (parent) all its parts share. */
  scopeBatchId: string;
  previousMicros: bigint | null;
  budgetMicros: bigint | null;
}

/**
 * Sets (raises, lowers or, with null, removes) the spending cap that applies to a batch. A part of a split upload has no
 * cap of its own: the upload's, on the parent, is changed. The next call is checked against the new cap at once (holds
 * read it under their lock); a batch paused at its cap continues when it is resumed.
 *
 * A batch that ran without any cap has no ledger of its own yet: what its images' results cost is taken as its spend so
 * far, so a cap added mid-run also covers what was spent before it.
 */
export async function setBatchBudget(db: PrismaClient, batchId: string, budgetUsd: number | null): Promise<BudgetChange> {
  const pool = poolOf(db);
  const budgetMicros = budgetUsd === null ? null : usdToMicros(budgetUsd);
  const { rows } = await pool.query<{ scope: string; previous: string | null }>(sql`
    WITH target AS (SELECT coalesce(parent_batch_id, id) AS scope FROM batches WHERE id = ${batchId}::uuid),
    previous AS (SELECT b.id, b.budget_micros FROM batches b JOIN target t ON b.id = t.scope FOR UPDATE OF b)
    UPDATE batches b SET budget_micros = ${budgetMicros === null ? null : budgetMicros.toString()}::bigint
    FROM previous p WHERE b.id = p.id
    RETURNING b.id::text AS scope, p.budget_micros::text AS previous`);
  if (!rows[0]) throw notFound("That batch");
  const scope = rows[0].scope;
  if (budgetMicros !== null) {
    await pool.query(sql`
      INSERT INTO batch_spend (batch_id, spent_micros)
      SELECT b.id, b.cost_micros FROM batches b WHERE (b.id = ${scope}::uuid OR b.parent_batch_id = ${scope}::uuid) AND b.kind <> 'parent'
      UNION ALL
      SELECT ${scope}::uuid, sum(b.cost_micros) FROM batches b WHERE b.parent_batch_id = ${scope}::uuid HAVING count(*) > 0
      ON CONFLICT (batch_id) DO NOTHING`);
  }
  return { scopeBatchId: scope, previousMicros: rows[0].previous === null ? null : BigInt(rows[0].previous), budgetMicros };
}
