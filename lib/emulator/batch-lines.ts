import { answerModelCall, type ErrorDialect } from "./answer-model-call";
import { unitOf } from "./batch-faults";
import type { BatchJob, LineResult } from "./batch-jobs";
import { errorFamily, quotaRefusal, stormRefusal } from "./error-bodies";
import type { EmulatorState } from "./emulator-state";
import type { GoogleErrorBody } from "./google-response";

const GEMINI_DIALECT: ErrorDialect = { family: errorFamily, quota: quotaRefusal, storm: stormRefusal };

/** google.rpc.Code by status name: a batch line's error carries the number, not the HTTP status (GEMINI-API.md §3.3). */
const RPC_CODES: Record<string, number> = {
  CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
};

// What the `line-errors` fault answers, in turn: the per-line error seen in production (code 1), and an internal one.
const LINE_ERRORS = [
  { code: 1, message: "The operation was cancelled." },
  { code: 13, message: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting" },
];

export interface LineInput {
  key?: string;
  metadata?: Record<string, unknown>;
  request: Record<string, unknown>;
}

export type AnsweredLine = LineResult & { usage?: { promptTokens: number; candidatesTokens: number; thoughtsTokens: number; cachedTokens: number } };

/**
 * One request of a job, answered by the same generate logic as an interactive call (thinking, tokens, odd answers,
 * EMULATE markers in the image or prompt, the creating key's and project's configured faults) without the interactive
 * quota; an error answer becomes the line's `{code, message}`. The job's own line faults come first.
 */
export async function answerLine(state: EmulatorState, job: BatchJob, line: LineInput, index: number): Promise<AnsweredLine> {
  const echo = { key: line.key, metadata: line.metadata };
  if (job.faults.nullEvery && (index + 1) % job.faults.nullEvery === 0) return { ...echo, empty: true };
  const lineErrors = job.faults.lineErrors;
  const failsHere = lineErrors && (lineErrors.every ? (index + 1) % lineErrors.every === 0 : unitOf(line.key ?? String(index)) < (lineErrors.fraction ?? 0));
  if (failsHere) return { ...echo, error: LINE_ERRORS[Math.floor(index / (lineErrors.every ?? 1)) % LINE_ERRORS.length] };
  const answer = await answerModelCall(state, {
    request: { headers: {} },
    rawBody: JSON.stringify(line.request),
    caller: job.caller,
    project: job.project,
    model: job.model,
    method: "generateContent",
    apiVersion: "v1beta",
    dialect: GEMINI_DIALECT,
    mode: "batch",
  });
  // A call that would never answer interactively runs out of time inside the batch.
  if (answer === "hang") return { ...echo, error: { code: 4, message: "Deadline expired before operation could complete." } };
  if (answer.status !== 200) {
    const { error } = answer.body as GoogleErrorBody;
    return { ...echo, error: { code: RPC_CODES[error.status] ?? 2, message: error.message } };
  }
  return { ...echo, response: answer.body, usage: answer.usage };
}

/** A line of the responses file: `{"key", "response"}` or `{"key", "error": {code, message}}` (or just the key, for null-lines). */
export function outputLine(result: LineResult) {
  const key = result.key !== undefined ? { key: result.key } : {};
  if (result.empty) return JSON.stringify(key);
  return JSON.stringify(result.error ? { ...key, error: result.error } : { ...key, response: result.response });
}

/** An entry of inlinedResponses.inlinedResponses: `{response | error, metadata}`, or null for null-lines. */
export function inlinedEntry(result: LineResult): object | null {
  if (result.empty) return null;
  const metadata = result.metadata ? { metadata: result.metadata } : {};
  return result.error ? { error: result.error, ...metadata } : { response: result.response, ...metadata };
}
