import http from "node:http";
import type { AddressInfo } from "node:net";
import { answerModelCall, type ErrorDialect } from "./answer-model-call";
import { answerProbe } from "./answer-probe";
import { routeBatches } from "./batch-routes";
import { errorFamily, quotaRefusal, stormRefusal } from "./error-bodies";
import type { EmulatorOptions, GeminiEmulator } from "./emulator-options";
import { callerStats, createState, resetState, stopBatchJobs } from "./emulator-state";
import { routeFiles } from "./files-routes";
import { googleError, readBody, sendGoogle, sendJson, type GoogleAnswer } from "./google-response";
import { answerVertexCall, VERTEX_ROUTE } from "./vertex";
import { issueAccessToken } from "./vertex-oauth";

export type { BatchOptions, BatchStats, EmulatorFaults, EmulatorOptions, EmulatorStats, EmulatorStorm, FilesOptions, FilesStats, GeminiEmulator, VertexOptions } from "./emulator-options";

/**
 * A real HTTP server speaking the Gemini REST API as Google does: generateContent, streamGenerateContent, countTokens,
 * models.get / models.list (the probe), the Files and Batch APIs (below), and Vertex AI's publisher-model routes with an
 * OAuth token endpoint (vertex.ts).
 * Answers carry Google's headers and pretty-printed bodies. Keys map to projects; quota (RPM/TPM/RPD) is per project on
 * a sliding window (quota-ledger.ts). Unknown models (not in Loupe's catalogue, gemini-2.5-flash-image or `models`) 404.
 *
 * Tokens like Google: the prompt is image tokens (lib/gemini/image-tokens.ts, at generationConfig.mediaResolution) plus
 * text / 4; models think by thinkingConfig (budget or level, per model: 2.5 Pro refuses budget 0; see thinking.ts) and
 * thoughts count against maxOutputTokens (all used: MAX_TOKENS with no parts; else the answer is cut). usageMetadata:
 * total = prompt + candidates + thoughts, zero counts left out, promptTokensDetails per modality.
 *
 * Behaviours, asked per request (header `x-emulate: <b>`, or `EMULATE:<b>` in the image bytes or the prompt) or for every
 * call of a key or project (option `faults: { keys?, projects? }`, a key's winning). Append `+sse` to serve an error as
 * text/event-stream (the SDK then double-encodes it); answers combine with `+` (thought-parts+cache-hit).
 *  - quota: 429-minute-tokens (E1), 429-retry-in (E3), 429-day (E4: per-day quotaId, short RetryInfo), 429-day-message
 *    (per day in the text only), 429-bare (E5), 429-legacy (E7). Asked per request the per-minute ones answer once per
 *    image (so a retry succeeds) and the per-day ones every time; configured, every call. None uses quota.
 *  - the key (answer every route it touches, probes too): key-invalid (E8), key-not-found, key-leaked (E9), key-denied
 *    (CONSUMER_SUSPENDED), api-disabled (SERVICE_DISABLED).
 *  - the request: model-not-found (E12), schema-unsupported, region-unsupported, input-too-long (E17, also when the
 *    prompt is over the model's limit), payload-too-large (E18, also over 20 MiB), bad-image, bad-image-unprocessable (E19).
 *  - the service: 500 (E13), 503 (E14), 503-high-demand, 504 (E15), hang (never answers), fail-first-N (503 for an image's
 *    first N calls), fail-first-N-500 / fail-first-N-hang.
 *  - odd 200 answers: max-tokens-no-parts (R1), thought-parts (R2), prompt-blocked (R3), safety-no-content (R4),
 *    recitation, image-safety, cache-hit (R7); and the first ones: blocked, safety, truncate, bad_json.
 *  - the older quota ones: 429 (per-minute QuotaFailure, 30 s RetryInfo, once per image) and quota-day (per-day, a day's RetryInfo).
 * Image models (gemini-2.5-flash-image, gemini-3.1-flash-image-preview, gemini-3-pro-image-preview; image-answers.ts):
 * a request with generationConfig.responseModalities holding IMAGE is answered with a real PNG made from its first image
 * (flattened on white, hue turned and framed in a colour from the request's seed: its image, prompt and
 * generationConfig.seed), sized by imageConfig.aspectRatio / imageSize (else the input's nearest ratio), an optional text
 * part, and usage listing the image's output tokens (1290 on 2.5 Flash Image) in candidatesTokensDetails. Families:
 * image-safety, image-prohibited-content, image-recitation, image-other, no-image, text-only (STOP, text, no image),
 * prohibited-content, safety-no-content, prompt-blocked, prompt-image-safety, blocked; companion thought-image. A text
 * model asked for IMAGE is Google's 400 "Model does not support the requested response modalities". Stats: images.
 * Options also: invalidKeys, exhaustedKeys (per-day 429), latencyMs, errorRates {overloaded503, server500}, windowMs,
 * dayMs, storm {until, status, retryDelayMs} (every call fails until then, as when Google throttles an account), models,
 * vertex. All settable later by configure() or POST /__emulator/config; GET /__emulator/stats, POST /__emulator/reset.
 * Stats: requests (generate + countTokens), probes, per project {accepted, rejected{reason}, tokens (input admitted),
 * maxInWindow, promptTokens, candidatesTokens, thoughtsTokens, cachedTokens (billed)}, per key {accepted, rejected, probes}.
 *
 * Files API (files-*.ts; key auth and key faults as above): POST /upload/v1beta/files resumable (start → x-goog-upload-url;
 * upload at X-Goog-Upload-Offset, a wrong offset is a 400; upload, finalize → x-goog-upload-status: final, {file}; query →
 * x-goog-upload-size-received; cancel), multipart or raw one-shot; GET /v1beta/files/{id}, GET /v1beta/files?pageSize=
 * &pageToken=, DELETE /v1beta/files/{id}; download GET /v1beta/files/{id}:download?alt=media or /download/v1beta/…, batch
 * outputs only (an uploaded file is a 400, as Google's docs say they can't be downloaded). A missing or foreign file is
 * Google's 403 "…or it may not exist". Bytes stream to a temp dir (emulator.filesDir) removed on close. Option `files:
 * {maxFileBytes (2 GiB), projectStorageBytes (20 GB), ttlMs (48 h), rejectLongIds (false: go-genai #436's 400 on ids > 40)}`.
 *
 * Batch API (batch-*.ts): POST /v1beta/models/{model}:batchGenerateContent (inline or file_name, snake or camel case;
 * file lines validated at create, "Error on line N: …"), GET /v1beta/batches/{id}, GET /v1beta/batches?pageSize=&pageToken=
 * (newest first), POST /v1beta/batches/{id}:cancel, DELETE /v1beta/batches/{id} (or POST …:delete). Jobs go PENDING →
 * RUNNING → SUCCEEDED; each line is answered by answerModelCall in batch mode (markers, the creating key's and project's
 * faults, thinking, odd answers; no interactive quota, storm, error rates or latency), error answers becoming
 * {code: google.rpc code, message} lines; output streams to files/batch-<id> or inlinedResponses, in input order.
 * A cancelled job keeps what it answered as its output (none if nothing was); a deleted one keeps a written output file.
 * Option `batch: {pendingMs (200), runningMs (300), slowPendingMs (3000), expireMs (1000), expireAfterMs (48 h),
 * maxActiveJobs (100), concurrency (8), enqueuedTokens (cap per project+model, a number or by model), faults (every job),
 * jobFaults {displayName substring → faults}}`; `EMULATE:<faults>` in a display name works too. Faults, joined by "+":
 * slow-pending[-ms], stuck-pending, expire[-ms], fail, line-errors[-N | -fraction], null-lines[-N], 429-on-create[-N],
 * create-timeout[-N], create-dropped[-N] (the job is made, the answer never comes / the socket drops), job-state-names.
 * Over enqueuedTokens or maxActiveJobs, create is a 429 with only a Help detail (as 429-on-create).
 * Stats: files {stored, bytes, uploads, uploadsStarted, generated, downloads, deletes}; batch {jobsCreated,
 * createRefused{reason}, states{state: jobs}, requestsAnswered, requestsFailed, projects{jobs, requests, failed,
 * promptTokens, candidatesTokens, thoughtsTokens, cachedTokens, enqueuedTokens}} (batch tokens are not in `projects`).
 * reset() also stops and forgets every job and file.
 */
const GEMINI_DIALECT: ErrorDialect = { family: errorFamily, quota: quotaRefusal, storm: stormRefusal };
const MODEL_CALL = /^\/(v1|v1beta)\/models\/([^:/]+):(generateContent|streamGenerateContent|countTokens)$/;
const MODEL_GET = /^\/(v1|v1beta)\/models(?:\/([^:/]+))?$/;

export async function startGeminiEmulator(initial: EmulatorOptions): Promise<GeminiEmulator> {
  const state = createState(initial);

  /** The API key of a Gemini call, or the answer refusing it (E8) when the emulator does not know it. */
  function keyOf(request: http.IncomingMessage, url: URL): { key: string; project: string } | { refused: GoogleAnswer; key: string } {
    const key = (request.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key") ?? "";
    const project = state.options.keys[key];
    if (project && !state.options.invalidKeys?.includes(key)) return { key, project };
    return { key: key || "(none)", refused: errorFamily("key-invalid", { model: "", method: "", apiVersion: "", project: "", key, promptTokens: 0, inputTokenLimit: 0 })! };
  }

  async function route(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? "/", "http://emulator");
    if (url.pathname === "/__emulator/stats") return sendJson(response, 200, emulator.stats());
    if (url.pathname === "/__emulator/reset" && request.method === "POST") return (emulator.reset(), sendJson(response, 200, { ok: true }));
    if (url.pathname === "/__emulator/config" && request.method === "POST") return (emulator.configure(JSON.parse(await readBody(request))), sendJson(response, 200, { ok: true }));
    if (url.pathname === "/token" && request.method === "POST") {
      const answer = issueAccessToken(state, request, await readBody(request));
      return sendJson(response, answer.status, answer.body);
    }
    const vertexRoute = request.method === "POST" ? url.pathname.match(VERTEX_ROUTE) : null;
    if (vertexRoute) {
      const answer = await answerVertexCall(state, request, await readBody(request), vertexRoute);
      return answer === "hang" ? undefined : sendGoogle(response, answer);
    }
    if (await routeFiles(state, request, response, url)) return;
    if (await routeBatches(state, request, response, url)) return;
    const probe = request.method === "GET" ? url.pathname.match(MODEL_GET) : null;
    if (probe) {
      const caller = keyOf(request, url);
      state.counters.probes += 1;
      callerStats(state, caller.key).probes += 1;
      if ("refused" in caller) return sendGoogle(response, caller.refused);
      return sendGoogle(response, answerProbe(state, request, { caller: caller.key, project: caller.project, model: probe[2] ?? null, apiVersion: probe[1] }));
    }
    const call = url.pathname.match(MODEL_CALL);
    if (!call || request.method !== "POST") return sendGoogle(response, { status: 404, body: googleError(404, "NOT_FOUND", "Method not found.") });
    state.counters.requests += 1;
    const [, apiVersion, model, method] = call;
    const caller = keyOf(request, url);
    if ("refused" in caller) {
      callerStats(state, caller.key).rejected += 1;
      return sendGoogle(response, { ...caller.refused, sse: method === "streamGenerateContent" });
    }
    const answer = await answerModelCall(state, { request, rawBody: await readBody(request), caller: caller.key, project: caller.project, model, method: method as "generateContent", apiVersion, dialect: GEMINI_DIALECT });
    if (answer !== "hang") sendGoogle(response, answer);
  }

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: Error) => sendGoogle(response, { status: 400, body: googleError(400, "INVALID_ARGUMENT", `Invalid JSON payload received. ${error.message}`) }));
  });
  await new Promise<void>((resolve) => server.listen(state.options.port ?? 0, state.options.host, resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://${state.options.host}:${port}`;

  const emulator: GeminiEmulator = {
    url: `http://${state.options.host}:${port}`,
    port,
    filesDir: state.files.dir,
    stats: () => ({
      requests: state.counters.requests,
      probes: state.counters.probes,
      images: state.counters.images,
      projects: Object.fromEntries(Object.keys(state.options.projects).map((project) => [project, state.ledger.statsOf(project)])),
      keys: Object.fromEntries(state.callers),
      files: state.files.stats(),
      batch: state.batches.stats(),
    }),
    reset: () => resetState(state),
    configure: (patch) => {
      state.options = { ...state.options, ...patch };
      state.ledger.configure(state.options.windowMs, state.options.dayMs);
    },
    close: () =>
      new Promise((resolve) => {
        stopBatchJobs(state);
        server.closeAllConnections();
        server.close(() => {
          state.files.close();
          resolve();
        });
      }),
  };
  return emulator;
}
