import type { PrismaClient } from "../../db/generated/client";
import { poolOf, sql } from "../../db/sql";

/** A remote job as GET /api/v1/batches/{id} and the batch page show it: Google's state and counts, and Loupe's next step. */
export interface RemoteJobView {
  name: string | null;
  displayName: string;
  /** Google's state word (BATCH_STATE_…), or Loupe's step before the job exists at Google. */
  state: string;
  phase: string;
  requestCount: number;
  succeeded: number;
  failed: number;
  pending: number;
  createdAt: string;
  updatedAt: string;
  deadlineAt: string | null;
  /** What Loupe does next, for people: "waiting for Google (polling every 30 s)", "will fall back at …". */
  next: string;
  lastError: string | null;
}

const NEXT: Record<string, (row: { deadline_at: Date | null; last_error: string | null }) => string> = {
  preparing: () => "writing the requests",
  uploading: () => "uploading the requests to the Files API",
  submitting: (row) => (row.last_error ? `submitting (${row.last_error})` : "submitting the job"),
  running: (row) => `waiting for Google; falls back to interactive calls at ${row.deadline_at?.toISOString() ?? "its deadline"} if not done`,
  applying: () => "applying the results",
  cancelling: () => "cancelling at Google",
  done: () => "done",
  cancelled: () => "cancelled",
  failed: (row) => `gave up: ${row.last_error ?? "the job failed"}; its images went on without it`,
  expired: (row) => `gave up: ${row.last_error ?? "the job expired"}; its images went on without it`,
};

/** The remote jobs of a batch (a parent: of all its parts), newest first. */
export async function listRemoteJobs(db: PrismaClient, batchIds: string[]): Promise<RemoteJobView[]> {
  const { rows } = await poolOf(db).query<{
    remote_name: string | null; display_name: string; remote_state: string | null; phase: string; request_count: number; succeeded_count: number; failed_count: number;
    pending_count: number; created_at: Date; updated_at: Date; deadline_at: Date | null; last_error: string | null;
  }>(sql`
    SELECT remote_name, display_name, remote_state, phase, request_count, succeeded_count, failed_count, pending_count, created_at, updated_at, deadline_at, last_error
    FROM gemini_batch_jobs WHERE batch_id = ANY(${batchIds}::uuid[]) ORDER BY id DESC LIMIT 200`);
  return rows.map((row) => ({
    name: row.remote_name,
    displayName: row.display_name,
    state: row.remote_state ?? row.phase,
    phase: row.phase,
    requestCount: row.request_count,
    succeeded: row.succeeded_count,
    failed: row.failed_count,
    pending: row.pending_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deadlineAt: row.deadline_at?.toISOString() ?? null,
    next: (NEXT[row.phase] ?? (() => row.phase))(row),
    lastError: row.last_error,
  }));
}
