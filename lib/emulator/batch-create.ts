import type http from "node:http";
import type { Caller } from "./batch-caller";
import { estimateTokens } from "./batch-estimate";
import { BATCH_DEFAULTS, faultWordsFor, parseBatchFaults, type BatchOptions } from "./batch-faults";
import { scanInputFile } from "./batch-input";
import { isActive, operationOf, type BatchJob, type InlineEntry } from "./batch-jobs";
import { checkRequest, inlineProblem } from "./batch-request";
import { startJob } from "./batch-runner";
import { errorFamily, INLINE_PAYLOAD_LIMIT, type ErrorAnswer } from "./error-bodies";
import type { EmulatorState } from "./emulator-state";
import { badRequest } from "./files-resource";
import { googleError, type GoogleAnswer } from "./google-response";
import { findModel, type EmulatedModel } from "./known-models";

/** What create answers: the Operation, a refusal, or (the create-timeout faults) nothing ("hang") or a dropped connection. */
export type CreateAnswer = GoogleAnswer | "hang" | "drop";

const RATE_LIMITS_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";
/** The Batch API's 429 as users capture it (GEMINI-API.md §3.2): RESOURCE_EXHAUSTED with only a Help detail, no quota named. */
const BATCH_429: ErrorAnswer = {
  status: 429,
  body: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${RATE_LIMITS_URL}. To monitor your current usage, head to: https://ai.dev/rate-limit. `,
    [{ "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: RATE_LIMITS_URL }] }],
  ),
};

/** The body, or null once it passes `limit` bytes (the rest is read and dropped, so the answer still reaches the client). */
async function readCapped(request: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks).toString("utf8");
}

const pick = (object: Record<string, unknown> | undefined, snake: string, camel: string) => object?.[camel] ?? object?.[snake];
const capFor = (cap: BatchOptions["enqueuedTokens"], model: string) => (typeof cap === "number" ? cap : (cap?.[model] ?? Number.POSITIVE_INFINITY));

type Input = { input: BatchJob["input"]; requestCount: number; tokens: number; pin?: () => Promise<string> };

/** The inline requests, checked as Google's strict JSON parser does, with their estimated tokens. */
function inlineInput(requests: unknown[], model: EmulatedModel): Input | ErrorAnswer {
  const entries: InlineEntry[] = [];
  let tokens = 0;
  for (const [index, raw] of requests.entries()) {
    const item = (raw ?? {}) as Record<string, unknown>;
    const checked = checkRequest(item.request, true);
    if ("problem" in checked) return badRequest(inlineProblem(index, checked.problem));
    // metadata is the caller's own Struct, echoed back as given.
    const metadata = typeof item.metadata === "object" && item.metadata !== null ? (item.metadata as Record<string, unknown>) : undefined;
    entries.push({ request: checked.request, metadata });
    tokens += estimateTokens(checked.request, model);
  }
  if (!entries.length) return badRequest("* BatchGenerateContentRequest.batch.input_config.requests.requests: the batch has no requests.\n");
  return { input: { kind: "inline", entries }, requestCount: entries.length, tokens };
}

/** An uploaded JSONL file of this project, read through once (Google validates the file at create). */
async function fileInput(state: EmulatorState, fileName: string, project: string, model: EmulatedModel): Promise<Input | ErrorAnswer | "missing"> {
  if (!/^files\/[^/]+$/.test(fileName)) return badRequest(`* BatchGenerateContentRequest.batch.input_config.file_name: must be of the form files/{file}, got "${fileName}".\n`);
  const file = state.files.get(fileName.slice("files/".length), project);
  if (!file) return "missing";
  const scan = await scanInputFile(file.path, model);
  if (scan.problems.length) return badRequest(scan.problems.join("\n"));
  if (!scan.requestCount) return badRequest(`The input file ${fileName} has no requests.`);
  return { input: { kind: "file", fileName, path: "" }, requestCount: scan.requestCount, tokens: scan.tokens, pin: () => state.files.pin(file, `job-${file.id}-${Date.now()}-${Math.random().toString(36).slice(2)}.input`) };
}

/** A create fault that counts per display name: true while it still has turns left (and takes one). */
function takeTurn(state: EmulatorState, fault: string, displayName: string | undefined, times: number | undefined) {
  if (!times) return false;
  const key = `${fault}:${displayName ?? ""}`;
  const seen = state.batches.createFaultsSeen.get(key) ?? 0;
  if (seen >= times) return false;
  state.batches.createFaultsSeen.set(key, seen + 1);
  return true;
}

/**
 * `POST /v1beta/models/{model}:batchGenerateContent`: `{"batch": {display_name|displayName, input_config|inputConfig:
 * {file_name|fileName} | {requests: {requests: [{request, metadata}]}}}}` in either case convention. Answers the
 * PENDING Operation; refuses an unknown model (404), an inline body over 20 MiB (E18), a bad request or file line
 * (400, the file's first ten problems), a missing file (404), and over the Batch API's limits a bare 429.
 */
export async function createBatch(state: EmulatorState, request: http.IncomingMessage, caller: Caller, modelId: string, apiVersion: string): Promise<CreateAnswer> {
  const { batches } = state;
  const refuse = (reason: string, answer: ErrorAnswer) => (batches.refuse(reason), answer);
  const context = { model: modelId, method: "batchGenerateContent", apiVersion, project: caller.project, key: caller.key, promptTokens: 0, inputTokenLimit: 0 };
  const text = await readCapped(request, INLINE_PAYLOAD_LIMIT);
  const model = findModel(modelId, state.options.models);
  if (!model) return refuse("model-not-found", errorFamily("model-not-found", context)!);
  if (text === null) return refuse("too-large", errorFamily("payload-too-large", context)!);
  let parsed: { batch?: Record<string, unknown> };
  try {
    parsed = JSON.parse(text || "{}");
  } catch (error) {
    return refuse("invalid", badRequest(`Invalid JSON payload received. ${(error as Error).message}`));
  }
  const batch = parsed.batch;
  const displayName = pick(batch, "display_name", "displayName") as string | undefined;
  const inputConfig = pick(batch, "input_config", "inputConfig") as Record<string, unknown> | undefined;
  const fileName = pick(inputConfig, "file_name", "fileName");
  const requests = (inputConfig?.requests as { requests?: unknown } | undefined)?.requests;
  if (!inputConfig || (fileName === undefined) === (requests === undefined)) {
    return refuse("invalid", badRequest("* BatchGenerateContentRequest.batch.input_config: exactly one of file_name or requests must be set.\n"));
  }
  if (requests !== undefined && !Array.isArray(requests)) return refuse("invalid", badRequest("Invalid JSON payload received. batch.input_config.requests.requests must be a list."));

  const options = state.options.batch;
  const faults = parseBatchFaults(faultWordsFor(options, displayName), options);
  if (takeTurn(state, "429-on-create", displayName, faults.create429)) return refuse("429-on-create", BATCH_429);
  const input = fileName !== undefined ? await fileInput(state, String(fileName), caller.project, model) : inlineInput(requests as unknown[], model);
  if (input === "missing") return refuse("file-not-found", { status: 404, body: googleError(404, "NOT_FOUND", `File ${String(fileName)} not found.`) });
  if ("status" in input) return refuse("invalid", input);
  const active = [...batches.jobs.values()].filter((job) => job.project === caller.project && isActive(job)).length;
  if (active >= (options?.maxActiveJobs ?? BATCH_DEFAULTS.maxActiveJobs)) return refuse("active-jobs", BATCH_429);
  if (batches.enqueued(caller.project, modelId) + input.tokens > capFor(options?.enqueuedTokens, modelId)) return refuse("enqueued-tokens", BATCH_429);

  const now = Date.now();
  const job: BatchJob = {
    id: state.files.newId(36),
    seq: batches.nextSeq(),
    project: caller.project,
    caller: caller.key,
    model: modelId,
    displayName,
    createdAt: now,
    updatedAt: now,
    state: "PENDING",
    input: input.input,
    requestCount: input.requestCount,
    succeeded: 0,
    failed: 0,
    enqueuedTokens: input.tokens,
    faults,
    control: new AbortController(),
    settled: Promise.resolve(),
  };
  // The job reads its own link to the file: the client may delete the input once the job exists.
  if (job.input.kind === "file" && input.pin) job.input.path = await input.pin();
  batches.add(job);
  startJob(state, job);
  if (faults.createTimeout && takeTurn(state, "create-timeout", displayName, faults.createTimeout.times)) return faults.createTimeout.drop ? "drop" : "hang";
  return { status: 200, body: operationOf(job) };
}
