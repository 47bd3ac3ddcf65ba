import type { GenerateContentResponse } from "@google/genai";
import { AnalysisError } from "../../errors";
import { GeminiRestError } from "../../gemini/batch-api/rest";
import { classifyGeminiError } from "../../gemini/classify-error";
import { readAnswer, type Validate } from "../../gemini/read-answer";

/** One line of a job's results: `{"key", "response"}` or `{"key", "error": {code, message}}`; a response may be null. */
export interface ResultLine {
  key?: string;
  response?: GenerateContentResponse | null;
  error?: { code?: number; message?: string; status?: string } | null;
}

// google.rpc codes in per-line errors (1 = CANCELLED, 3 = INVALID_ARGUMENT…) as the HTTP statuses the classifier reads.
const RPC_TO_HTTP: Record<number, [number, string]> = {
  1: [499, "CANCELLED"], 2: [500, "UNKNOWN"], 3: [400, "INVALID_ARGUMENT"], 4: [504, "DEADLINE_EXCEEDED"], 5: [404, "NOT_FOUND"],
  7: [403, "PERMISSION_DENIED"], 8: [429, "RESOURCE_EXHAUSTED"], 9: [400, "FAILED_PRECONDITION"], 10: [409, "ABORTED"],
  13: [500, "INTERNAL"], 14: [503, "UNAVAILABLE"], 16: [401, "UNAUTHENTICATED"],
};

export type LineOutcome =
  | { kind: "value"; value: unknown; response: GenerateContentResponse }
  | { kind: "failed"; error: AnalysisError; response: GenerateContentResponse | null }
  | { kind: "retry"; error: AnalysisError; response: GenerateContentResponse | null }
  | { kind: "pause"; error: AnalysisError };

/**
 * What a line means, through the same classification as an interactive call's answer or error. Per-line errors inside a
 * SUCCEEDED job are normal (GEMINI-API.md §3.6): cancelled, internal and quota lines are retried elsewhere, a bad
 * request fails its image, a refusal every image would meet pauses the batch.
 */
export function lineOutcome(line: ResultLine, validate: Validate): LineOutcome {
  if (line.response) {
    const read = readAnswer(line.response, validate);
    if ("value" in read) return { kind: "value", value: read.value, response: line.response };
    return read.retry ? { kind: "retry", error: read.error, response: line.response } : { kind: "failed", error: read.error, response: line.response };
  }
  if (!line.error) return { kind: "retry", error: new AnalysisError("server_error", "Google's batch results held no answer for this image.", { retryable: true }), response: null };
  const code = typeof line.error.code === "number" ? line.error.code : 2;
  const [httpStatus, status] = code >= 100 ? [code, line.error.status ?? ""] : (RPC_TO_HTTP[code] ?? [500, "UNKNOWN"]);
  const message = line.error.message ?? `error code ${code}`;
  const classified = classifyGeminiError(new GeminiRestError(httpStatus, JSON.stringify({ error: { code: httpStatus, message, status } })));
  const error = classified.error;
  if (error.options.pausesBatch) return { kind: "pause", error };
  if (error.retryable || code === 1) return { kind: "retry", error, response: null };
  return { kind: "failed", error, response: null };
}
