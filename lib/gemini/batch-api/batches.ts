import { GeminiRestError, restJson, type BatchApiTarget } from "./rest";

/** A remote job as Loupe reads it: Google's state (either vocabulary, normalised) and counts. */
export interface RemoteJob {
  name: string;
  displayName: string | null;
  state: RemoteState;
  /** The state word Google sent (BATCH_STATE_… or JOB_STATE_…), for people. */
  rawState: string;
  requestCount: number;
  succeeded: number;
  failed: number;
  pending: number;
  responsesFile: string | null;
  inlinedResponses: unknown[] | null;
  error: { code?: number; message?: string } | null;
  createTime: string | null;
}

export type RemoteState = "pending" | "running" | "succeeded" | "failed" | "cancelled" | "expired" | "unknown";

interface Operation {
  name?: string;
  metadata?: {
    name?: string;
    displayName?: string;
    state?: string;
    createTime?: string;
    batchStats?: Record<string, string | number | undefined>;
    output?: { responsesFile?: string; inlinedResponses?: { inlinedResponses?: unknown[] } };
  };
  response?: { responsesFile?: string; inlinedResponses?: { inlinedResponses?: unknown[] } };
  error?: { code?: number; message?: string };
  done?: boolean;
}

/** BATCH_STATE_* on the wire, JOB_STATE_* in the SDKs and some captures: both are accepted (GEMINI-API.md §3.3). */
export function normaliseState(state: string | undefined): RemoteState {
  const word = (state ?? "").replace(/^(BATCH|JOB)_STATE_/, "");
  if (word === "PENDING" || word === "QUEUED") return "pending";
  if (word === "RUNNING" || word === "CANCELLING" || word === "UPDATING" || word === "PAUSED") return "running";
  if (word === "SUCCEEDED" || word === "PARTIALLY_SUCCEEDED") return "succeeded";
  if (word === "FAILED") return "failed";
  if (word === "CANCELLED") return "cancelled";
  if (word === "EXPIRED") return "expired";
  return "unknown";
}

const count = (value: string | number | undefined) => Number(value ?? 0) || 0;

export function readOperation(operation: Operation): RemoteJob {
  const metadata = operation.metadata ?? {};
  const stats = metadata.batchStats ?? {};
  const output = operation.response ?? metadata.output ?? {};
  return {
    name: operation.name ?? metadata.name ?? "",
    displayName: metadata.displayName ?? null,
    state: normaliseState(metadata.state),
    rawState: metadata.state ?? "",
    requestCount: count(stats.requestCount),
    succeeded: count(stats.successfulRequestCount),
    failed: count(stats.failedRequestCount),
    pending: count(stats.pendingRequestCount),
    responsesFile: output.responsesFile ?? null,
    inlinedResponses: output.inlinedResponses?.inlinedResponses ?? null,
    error: operation.error ?? null,
    createTime: metadata.createTime ?? null,
  };
}

/** Submits a job reading its requests from an uploaded JSONL file. Not idempotent: the caller records its intent first. */
export async function createBatchJob(target: BatchApiTarget, input: { model: string; displayName: string; fileName: string }): Promise<RemoteJob> {
  const operation = await restJson<Operation>(target, "POST", `v1beta/models/${encodeURIComponent(input.model)}:batchGenerateContent`, {
    batch: { displayName: input.displayName, inputConfig: { fileName: input.fileName } },
  });
  return readOperation(operation);
}

export async function getBatchJob(target: BatchApiTarget, name: string): Promise<RemoteJob> {
  return readOperation(await restJson<Operation>(target, "GET", `v1beta/${name}`));
}

/**
 * The job created under this display name, if any: after a crash or a timeout on create, Loupe looks before creating a
 * second one. Listing is newest first; jobs created before `since` cannot be ours, so the walk stops there.
 */
export async function findBatchJobByDisplayName(target: BatchApiTarget, displayName: string, since: Date): Promise<RemoteJob | null> {
  let pageToken = "";
  for (let page = 0; page < 50; page += 1) {
    const answer = await restJson<{ operations?: Operation[]; batches?: Operation[]; nextPageToken?: string }>(target, "GET", `v1beta/batches?pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ""}`);
    const jobs = (answer.operations ?? answer.batches ?? []).map(readOperation);
    const found = jobs.find((job) => job.displayName === displayName);
    if (found) return found;
    const oldest = jobs.at(-1)?.createTime;
    if (!answer.nextPageToken || (oldest && Date.parse(oldest) < since.getTime() - 60_000)) return null;
    pageToken = answer.nextPageToken;
  }
  return null;
}

export async function cancelBatchJob(target: BatchApiTarget, name: string): Promise<void> {
  try {
    await restJson(target, "POST", `v1beta/${name}:cancel`, {});
  } catch (error) {
    // Already finished or gone: nothing is running to stop.
    if (![400, 404, 409].includes((error as GeminiRestError).status)) throw error;
  }
}

export async function deleteBatchJob(target: BatchApiTarget, name: string): Promise<void> {
  try {
    await restJson(target, "DELETE", `v1beta/${name}`);
  } catch (error) {
    if ((error as GeminiRestError).status !== 404) throw error;
  }
}
