import type http from "node:http";
import { callerOf } from "./batch-caller";
import { createBatch } from "./batch-create";
import { isActive, operationOf, type BatchJob } from "./batch-jobs";
import type { EmulatorState } from "./emulator-state";
import { badRequest, pageSizeOf, pageToken, readPageToken } from "./files-resource";
import { googleError, sendGoogle, type GoogleAnswer } from "./google-response";

const CREATE_ROUTE = /^\/(v1beta|v1)\/models\/([^:/]+):batchGenerateContent$/;
const JOB_ROUTE = /^\/v1beta\/batches\/([^/:]+)(?::(cancel|delete))?$/;
// How long cancel and delete wait for a running job to put down what it was answering.
const STOP_WAIT_MS = 10_000;

const notFound = (): GoogleAnswer => ({ status: 404, body: googleError(404, "NOT_FOUND", "Requested entity was not found.") });

/**
 * The Batch API's routes (GEMINI-API.md §3.3): create (batch-create.ts), `GET /v1beta/batches/{id}` (the Operation),
 * `GET /v1beta/batches?pageSize=&pageToken=` (`{operations, nextPageToken}`, newest first, `{}` when there are none),
 * `POST /v1beta/batches/{id}:cancel` (→ `{}`), and `DELETE /v1beta/batches/{id}` (or the docs' `POST …:delete`, → `{}`).
 * A job is seen by every key of its project; another project's, or a deleted one, is a 404. Answers `true` when the
 * route was a Batch API one.
 */
export async function routeBatches(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<boolean> {
  const create = request.method === "POST" ? url.pathname.match(CREATE_ROUTE) : null;
  const list = url.pathname === "/v1beta/batches" && request.method === "GET";
  const one = url.pathname.match(JOB_ROUTE);
  if (!create && !list && !one) return false;
  const caller = callerOf(state, request, url);
  if ("refused" in caller) {
    if (create) state.batches.refuse("key");
    return (sendGoogle(response, caller.refused), true);
  }
  if (create) {
    const answer = await createBatch(state, request, caller, create[2], create[1]);
    // create-timeout: the job exists, but the client never hears of it.
    if (answer === "drop") request.socket.destroy();
    else if (answer !== "hang") sendGoogle(response, answer);
    return true;
  }
  if (list) return (sendGoogle(response, listJobs(state, url, caller.project)), true);
  const [, id, verb] = one!;
  const job = state.batches.jobs.get(id);
  const mine = job && job.project === caller.project ? job : null;
  if (!verb && request.method === "GET") return (sendGoogle(response, mine ? { status: 200, body: operationOf(mine) } : notFound()), true);
  if (verb === "cancel" && request.method === "POST") return (sendGoogle(response, mine ? await cancelJob(mine) : notFound()), true);
  if ((!verb && request.method === "DELETE") || (verb === "delete" && request.method === "POST")) {
    return (sendGoogle(response, mine ? await deleteJob(state, mine) : notFound()), true);
  }
  return false;
}

function listJobs(state: EmulatorState, url: URL, project: string): GoogleAnswer {
  const after = readPageToken(url.searchParams.get("pageToken") ?? url.searchParams.get("page_token"));
  if (after === "invalid") return badRequest("Invalid page token.");
  const size = pageSizeOf(url, 10, 1000);
  const jobs = [...state.batches.jobs.values()].filter((job) => job.project === project && (after === null || job.seq < after)).sort((a, b) => b.seq - a.seq);
  const page = jobs.slice(0, size);
  return {
    status: 200,
    body: { ...(page.length ? { operations: page.map(operationOf) } : {}), ...(jobs.length > size ? { nextPageToken: pageToken(page.at(-1)!.seq) } : {}) },
  };
}

async function stop(job: BatchJob, reason: "cancel" | "delete") {
  job.stopReason = reason;
  job.control.abort();
  await Promise.race([job.settled, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
}

/** Stops taking new requests; what was answered stays answered and is the cancelled job's output (none if nothing was). */
async function cancelJob(job: BatchJob): Promise<GoogleAnswer> {
  if (!isActive(job)) return badRequest(`The batch is already in a terminal state (${operationOf(job).metadata.state}) and cannot be cancelled.`, "FAILED_PRECONDITION");
  await stop(job, "cancel");
  return { status: 200, body: {} };
}

/** Stops the job if it runs and forgets it; a responses file it already wrote stays until deleted or expired. */
async function deleteJob(state: EmulatorState, job: BatchJob): Promise<GoogleAnswer> {
  if (isActive(job)) await stop(job, "delete");
  state.batches.jobs.delete(job.id);
  return { status: 200, body: {} };
}
