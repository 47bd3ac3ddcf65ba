import type { PrismaClient } from "../../db/generated/client";
import { poolOf, sql } from "../../db/sql";

/** preparing → uploading → submitting → running → applying → done; cancelling → cancelled; failed / expired (fell back). */
export type JobPhase = "preparing" | "uploading" | "submitting" | "running" | "applying" | "done" | "cancelling" | "cancelled" | "failed" | "expired";
export const ACTIVE_PHASES: JobPhase[] = ["preparing", "uploading", "submitting", "running", "applying", "cancelling"];

export interface RemoteJobRow {
  id: bigint;
  batchId: string | null;
  projectId: string;
  keyId: string;
  model: string;
  displayName: string;
  phase: JobPhase;
  remoteName: string | null;
  remoteState: string | null;
  requestCount: number;
  inputFile: string | null;
  responsesFile: string | null;
  estimatedTokens: number;
  createAttempts: number;
  polls: number;
  deadlineAt: Date | null;
  createdAt: Date;
  submittedAt: Date | null;
}

const COLUMNS = `id::text, batch_id AS "batchId", project_id AS "projectId", key_id AS "keyId", model, display_name AS "displayName", phase,
  remote_name AS "remoteName", remote_state AS "remoteState", request_count AS "requestCount", input_file AS "inputFile",
  responses_file AS "responsesFile", estimated_tokens::float8 AS "estimatedTokens", create_attempts AS "createAttempts", polls,
  deadline_at AS "deadlineAt", created_at AS "createdAt", submitted_at AS "submittedAt"`;

const toRow = (row: Omit<RemoteJobRow, "id"> & { id: string }): RemoteJobRow => ({ ...row, id: BigInt(row.id) });

/** A new job for a batch, in `preparing`. Its display name carries Loupe's ids, so Google's copy can be found by it. */
export async function createJobRow(db: PrismaClient, input: { batchId: string; projectId: string; keyId: string; model: string }): Promise<RemoteJobRow> {
  // Two statements so the display name holds the row's own id.
  const inserted = await poolOf(db).query<{ id: string }>(sql`
    INSERT INTO gemini_batch_jobs (batch_id, project_id, key_id, model, display_name)
    VALUES (${input.batchId}::uuid, ${input.projectId}, ${input.keyId}, ${input.model}, 'loupe-pending-' || gen_random_uuid()) RETURNING id::text`);
  const id = inserted.rows[0].id;
  await poolOf(db).query(sql`UPDATE gemini_batch_jobs SET display_name = ${`loupe-${input.batchId.slice(0, 8)}-job-${id}`} WHERE id = ${id}::bigint`);
  return (await readJob(db, BigInt(id)))!;
}

export async function readJob(db: PrismaClient, id: bigint): Promise<RemoteJobRow | null> {
  const { rows } = await poolOf(db).query<Omit<RemoteJobRow, "id"> & { id: string }>({ text: `SELECT ${COLUMNS} FROM gemini_batch_jobs WHERE id = $1`, values: [String(id)] });
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Takes due jobs for this process (a lease, so two machines never run one job's step at once; a process killed mid-step
 * loses its lease when it runs out and another takes the job over, repeating the step, which every step allows).
 */
export async function leaseDueJobs(db: PrismaClient, owner: string, leaseSeconds: number, limit: number): Promise<RemoteJobRow[]> {
  const { rows } = await poolOf(db).query<Omit<RemoteJobRow, "id"> & { id: string }>({
    text: `WITH due AS (
             SELECT id FROM gemini_batch_jobs
             WHERE phase = ANY($1::text[]) AND next_action_at <= now() AND (lease_until IS NULL OR lease_until < now())
             ORDER BY next_action_at LIMIT $4 FOR UPDATE SKIP LOCKED
           )
           UPDATE gemini_batch_jobs j SET lease_owner = $2, lease_until = now() + make_interval(secs => $3::float8), updated_at = now()
           FROM due WHERE j.id = due.id RETURNING ${COLUMNS.replace(/(^|,\s*)(\w+)/g, "$1j.$2")}`,
    values: [ACTIVE_PHASES, owner, leaseSeconds, limit],
  });
  return rows.map(toRow);
}

/** Keeps a long step's lease (writing or applying twenty thousand lines takes a while). */
export async function extendLease(db: PrismaClient, id: bigint, owner: string, leaseSeconds: number): Promise<void> {
  await poolOf(db).query(sql`UPDATE gemini_batch_jobs SET lease_until = now() + make_interval(secs => ${leaseSeconds}::float8) WHERE id = ${id} AND lease_owner = ${owner}`);
}

export interface JobChange {
  phase?: JobPhase;
  remoteName?: string;
  remoteState?: string;
  counts?: { requestCount: number; succeeded: number; failed: number; pending: number };
  requestCount?: number;
  inputFile?: string | null;
  inputBytes?: number;
  responsesFile?: string;
  estimatedTokens?: number;
  maxCostMicros?: number;
  deadlineAt?: Date;
  submitted?: boolean;
  finished?: boolean;
  polled?: boolean;
  lastError?: string | null;
  /** When the job's next step is due (ms from now); the lease is given up with it. */
  nextInMs?: number;
}

/** Records a step's outcome and gives the lease up (only the owner's write counts: a job taken over is not overwritten). */
export async function updateJob(db: PrismaClient, id: bigint, owner: string | null, change: JobChange): Promise<boolean> {
  const { rowCount } = await poolOf(db).query(sql`
    UPDATE gemini_batch_jobs SET
      phase = coalesce(${change.phase ?? null}, phase),
      remote_name = coalesce(${change.remoteName ?? null}, remote_name),
      remote_state = coalesce(${change.remoteState ?? null}, remote_state),
      request_count = coalesce(${change.counts?.requestCount ?? change.requestCount ?? null}::int, request_count),
      succeeded_count = coalesce(${change.counts?.succeeded ?? null}::int, succeeded_count),
      failed_count = coalesce(${change.counts?.failed ?? null}::int, failed_count),
      pending_count = coalesce(${change.counts?.pending ?? null}::int, pending_count),
      input_file = CASE WHEN ${change.inputFile !== undefined} THEN ${change.inputFile ?? null} ELSE input_file END,
      input_bytes = coalesce(${change.inputBytes ?? null}::bigint, input_bytes),
      responses_file = coalesce(${change.responsesFile ?? null}, responses_file),
      estimated_tokens = coalesce(${change.estimatedTokens ?? null}::bigint, estimated_tokens),
      max_cost_micros = coalesce(${change.maxCostMicros ?? null}::bigint, max_cost_micros),
      deadline_at = coalesce(${change.deadlineAt ?? null}::timestamptz, deadline_at),
      submitted_at = CASE WHEN ${Boolean(change.submitted)} THEN coalesce(submitted_at, now()) ELSE submitted_at END,
      finished_at = CASE WHEN ${Boolean(change.finished)} THEN now() ELSE finished_at END,
      polls = polls + ${change.polled ? 1 : 0},
      last_error = CASE WHEN ${change.lastError !== undefined} THEN ${change.lastError ?? null} ELSE last_error END,
      next_action_at = now() + make_interval(secs => ${(change.nextInMs ?? 0) / 1000}::float8),
      lease_owner = NULL, lease_until = NULL, updated_at = now()
    WHERE id = ${id} AND (${owner}::text IS NULL OR lease_owner = ${owner})`);
  return (rowCount ?? 0) > 0;
}
