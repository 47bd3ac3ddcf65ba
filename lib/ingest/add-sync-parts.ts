import { randomUUID } from "node:crypto";
import type pg from "pg";
import { sql } from "../db/sql";

/** The batch a sync adds to, read under the sync's lock: the root (a single batch or a parent) and its parts in order. */
export interface SyncLayout {
  rootId: string;
  rootKind: "single" | "parent";
  rootStatus: string;
  partIds: string[];
  lastPartImages: number;
}

/** Reads the layout under the lock (a sync that ran meanwhile may have added parts, or made a single batch a parent). */
export async function readSyncLayout(connection: pg.PoolClient, anchorId: string): Promise<SyncLayout> {
  const { rows: [anchor] } = await connection.query<{ root: string }>(sql`SELECT coalesce(parent_batch_id, id)::text AS root FROM batches WHERE id = ${anchorId}::uuid`);
  const { rows: [root] } = await connection.query<{ kind: "single" | "parent"; status: string }>(sql`SELECT kind::text, status::text FROM batches WHERE id = ${anchor.root}::uuid`);
  const { rows: parts } = await connection.query<{ id: string; total: number }>(
    root.kind === "parent"
      ? sql`SELECT id::text, total_images AS total FROM batches WHERE parent_batch_id = ${anchor.root}::uuid ORDER BY sequence`
      : sql`SELECT id::text, total_images AS total FROM batches WHERE id = ${anchor.root}::uuid`,
  );
  return { rootId: anchor.root, rootKind: root.kind, rootStatus: root.status, partIds: parts.map((part) => part.id), lastPartImages: parts[parts.length - 1].total };
}

/**
 * A single batch that outgrows maxBatchSize becomes "Part 1 of M" of a new parent holding its settings, cap and spend,
 * as if ingest had split it from the start. Its id, images and results stay where they are.
 */
async function makeParent(connection: pg.PoolClient, singleId: string): Promise<string> {
  const parentId = randomUUID();
  await connection.query(sql`
    INSERT INTO batches (id, name, kind, status, source, source_file_name, source_uri, listed_at, template_version_id, transform_version_id, model,
      settings, carried_columns, created_by_id, mode, engine, priority, total_parts, total_images, budget_micros, pause_code, pause_reason,
      started_at, finished_at, created_at, updated_at)
    SELECT ${parentId}::uuid, name, 'parent', status, source, source_file_name, source_uri, listed_at, template_version_id, transform_version_id, model,
      settings, carried_columns, created_by_id, mode, engine, priority, 1, total_images, budget_micros, pause_code, pause_reason,
      started_at, finished_at, created_at, now()
    FROM batches WHERE id = ${singleId}::uuid`);
  await connection.query(sql`
    UPDATE batches SET kind = 'part', parent_batch_id = ${parentId}::uuid, sequence = 1, total_parts = 1, budget_micros = NULL,
      name = name || ' — Part 1 of 1', updated_at = now()
    WHERE id = ${singleId}::uuid`);
  await connection.query(sql`INSERT INTO batch_spend (batch_id, spent_micros, calls) SELECT ${parentId}::uuid, spent_micros, calls FROM batch_spend WHERE batch_id = ${singleId}::uuid`);
  return parentId;
}

/**
 * New parts after the last one, copying its settings, with `sizes` queued images each (the images are inserted after).
 * They run at once when the batch has started (paused when it is paused); "Part N of M" is renamed on every part.
 */
export async function addSyncParts(connection: pg.PoolClient, layout: SyncLayout, sizes: number[]): Promise<{ parentId: string; newPartIds: string[] }> {
  const parentId = layout.rootKind === "single" ? await makeParent(connection, layout.rootId) : layout.rootId;
  const last = layout.partIds[layout.partIds.length - 1];
  const newPartIds = sizes.map(() => randomUUID());
  const sequences = sizes.map((_, index) => layout.partIds.length + index + 1);
  const status = layout.rootStatus === "paused" ? "paused" : ["draft", "queued"].includes(layout.rootStatus) ? "queued" : "running";
  await connection.query(sql`
    INSERT INTO batches (id, name, kind, parent_batch_id, sequence, status, source, source_file_name, source_uri, listed_at, template_version_id,
      transform_version_id, model, settings, carried_columns, created_by_id, mode, engine, priority, total_images, queued_count, started_at, created_at, updated_at)
    SELECT p.id, '', 'part', ${parentId}::uuid, p.sequence, ${status}::"BatchStatus", t.source, t.source_file_name, t.source_uri, now(), t.template_version_id,
      t.transform_version_id, t.model, t.settings, t.carried_columns, t.created_by_id, t.mode, t.engine, t.priority, p.size, p.size,
      CASE WHEN ${status} = 'queued' THEN NULL ELSE now() END, now(), now()
    FROM batches t, unnest(${newPartIds}::uuid[], ${sequences}::int[], ${sizes}::int[]) AS p(id, sequence, size)
    WHERE t.id = ${last}::uuid`);
  const totalParts = layout.partIds.length + sizes.length;
  // Parts still named as ingest named them get the new M; a part someone renamed keeps its name.
  await connection.query(sql`
    UPDATE batches b SET total_parts = ${totalParts}::int, updated_at = now(),
      name = CASE WHEN b.name = '' OR b.name = p.name || ' — Part ' || b.sequence || ' of ' || b.total_parts
        THEN p.name || ' — Part ' || b.sequence || ' of ' || ${totalParts}::int ELSE b.name END
    FROM batches p WHERE p.id = ${parentId}::uuid AND b.parent_batch_id = p.id`);
  await connection.query(sql`UPDATE batches SET total_parts = ${totalParts}::int WHERE id = ${parentId}::uuid`);
  return { parentId, newPartIds };
}
