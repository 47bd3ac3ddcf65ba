import { createHash } from "node:crypto";
import type http from "node:http";
import { buildAnswer } from "./answers";
import { configuredBehaviour, requestedBehaviour, type Behaviour } from "./behaviour";
import { ERROR_FAMILIES, INLINE_PAYLOAD_LIMIT, KEY_FAULTS, MINUTE_QUOTA_FAULTS, type ErrorAnswer, type FaultContext } from "./error-bodies";
import { callerStats, type EmulatorState } from "./emulator-state";
import { googleError, type GoogleAnswer } from "./google-response";
import type { BilledUsage } from "./quota-ledger";
import { imageModelInfo } from "../gemini/image-models";
import { buildImageAnswer, imageRequestOf } from "./image-answers";
import { findModel } from "./known-models";
import { promptDetails, promptTokensOf } from "./prompt-tokens";
import { sampleFromSchema, seededRandom } from "./schema-sample";
import { thinkingFor, type GenerationConfig } from "./thinking";

/** How one API words its errors: the Gemini API's bodies, or Vertex AI's (vertex.ts). */
export interface ErrorDialect {
  family(name: string, context: FaultContext): ErrorAnswer | null;
  quota(refusal: { quotaId: string; retryAfterMs: number; perDay: boolean }, model: string, limit: number): ErrorAnswer;
  storm(retryDelayMs: number): ErrorAnswer;
}

/** One generateContent / streamGenerateContent / countTokens call, already authorised by its route. */
export interface ModelCall {
  /** Only its headers are read (x-emulate): a batch line passes none. */
  request: Pick<http.IncomingMessage, "headers">;
  rawBody: string;
  /** The API key, or the Vertex service account's client_email. */
  caller: string;
  /** The quota bucket: a Gemini project id, or Vertex `${project}/${location}`. */
  project: string;
  model: string;
  method: "generateContent" | "streamGenerateContent" | "countTokens";
  apiVersion: string;
  dialect: ErrorDialect;
  /**
   * "batch": a line of a Batch API job. The Batch API has its own limits, so the interactive quota, storms, random
   * error rates and latency do not apply, and nothing is counted in the interactive stats: the answer's usage is
   * returned for the batch stats instead.
   */
  mode?: "interactive" | "batch";
}

/** An answer, and for a 200 the tokens it billed. */
export type ModelAnswer = GoogleAnswer & { usage?: BilledUsage };

type Part = { text?: string; inlineData?: { mimeType?: string; data?: string } };
interface GenerateRequest {
  contents?: { parts?: Part[] }[];
  generationConfig?: GenerationConfig;
  generateContentRequest?: { generationConfig?: GenerationConfig };
}

const UNLIMITED = { rpm: Number.POSITIVE_INFINITY, tpm: Number.POSITIVE_INFINITY, rpd: Number.POSITIVE_INFINITY };

/**
 * The generate logic both the Gemini and the Vertex routes share: the key's own faults, the model, the token count and
 * the thinking config, then storms, faults and quota in the order Google meets them, then the answer. "hang" never answers.
 */
export async function answerModelCall(state: EmulatorState, call: ModelCall): Promise<ModelAnswer | "hang"> {
  // Google counts a request against the quota when it arrives, not once the emulator has measured its image (on a busy
  // machine that await can take long enough for a window to look freer to the emulator than it was to the client).
  const arrivedAt = Date.now();
  const { options, ledger } = state;
  const stream = call.method === "streamGenerateContent";
  const batch = call.mode === "batch";
  const refuse = (answer: ErrorAnswer, reason: string, sse = false): GoogleAnswer => {
    if (!batch) {
      ledger.reject(call.project, reason);
      callerStats(state, call.caller).rejected += 1;
    }
    return { ...answer, sse: sse || stream };
  };
  const body = JSON.parse(call.rawBody || "{}") as GenerateRequest;
  const parts = body.contents?.flatMap((content) => content.parts ?? []) ?? [];
  const text = parts.map((part) => part.text ?? "").join("\n");
  const images = parts.flatMap((part) => (part.inlineData?.data ? [Buffer.from(part.inlineData.data, "base64")] : []));
  const config = body.generationConfig ?? body.generateContentRequest?.generationConfig;
  const makesImage = imageRequestOf(config);
  // An image request's seed covers its prompt and generationConfig.seed too: each variant asked for is its own image.
  const seedHash = createHash("sha256").update(images[0] ?? text);
  if (makesImage) seedHash.update(`\n${text}\n${config?.seed ?? ""}`);
  const seed = seedHash.digest("hex");
  const schema = config?.responseSchema ?? config?.responseJsonSchema;
  const requested = requestedBehaviour(call.request, images, text);
  const configured = configuredBehaviour(options.faults, call.caller, call.project);
  const model = findModel(call.model, options.models);
  const context: FaultContext = {
    model: call.model,
    method: stream ? "generateContent" : call.method,
    apiVersion: call.apiVersion,
    project: call.project,
    key: call.caller,
    promptTokens: 0,
    inputTokenLimit: model?.inputTokenLimit ?? 1_048_576,
    schemaProperty: Object.keys((schema as { properties?: object } | undefined)?.properties ?? {})[0],
  };
  const family = (name: string, behaviour: Behaviour | null) => {
    const answer = call.dialect.family(name, context);
    return answer ? refuse(answer, name, behaviour?.sse) : null;
  };

  const keyFault = [configured, requested].find((behaviour) => behaviour && KEY_FAULTS.has(behaviour.names[0]));
  if (keyFault) return family(keyFault.names[0], keyFault)!;
  if (!model) return family("model-not-found", requested)!;
  if (call.rawBody.length > INLINE_PAYLOAD_LIMIT) return family("payload-too-large", requested)!;
  const prompt = await promptTokensOf(images, text, model, config?.mediaResolution);
  context.promptTokens = prompt.total;
  if (call.method === "countTokens") {
    return { status: 200, body: { totalTokens: prompt.total, promptTokensDetails: promptDetails(prompt) } };
  }
  if (prompt.total > model.inputTokenLimit) return family("input-too-long", requested)!;
  if (makesImage && !model.makesImages) {
    const modalities = (config?.responseModalities ?? []).map((modality) => modality.toLowerCase()).join(",");
    return refuse({ status: 400, body: googleError(400, "INVALID_ARGUMENT", `Model does not support the requested response modalities: ${modalities}`) }, "response-modalities", requested?.sse);
  }
  const thinking = thinkingFor(model, config, seed);
  if ("refusal" in thinking) return refuse({ status: 400, body: googleError(400, "INVALID_ARGUMENT", thinking.refusal) }, "thinking-config", requested?.sse);

  const storm = !batch && options.storm && Date.now() < options.storm.until ? options.storm : null;
  if (storm) {
    const status = storm.status ?? 429;
    const answer = status === 429 ? call.dialect.storm(storm.retryDelayMs ?? 1000) : call.dialect.family(String(status), context)!;
    return refuse(answer, String(status));
  }
  const behaviour = requested ?? configured;
  const name = behaviour?.names[0] ?? null;
  const failFirst = name?.match(/^fail-first-(\d+)(?:-(500|503|hang))?$/);
  if (failFirst) {
    const seen = state.failuresSeen.get(seed) ?? 0;
    if (seen < Number(failFirst[1])) {
      state.failuresSeen.set(seed, seen + 1);
      if (failFirst[2] === "hang") {
        if (!batch) callerStats(state, call.caller).rejected += 1;
        return "hang";
      }
      return family(failFirst[2] === "500" ? "500" : "503", behaviour)!;
    }
  }
  if (name === "hang") return "hang"; // never answers; the client's timeout decides
  if (!batch && Math.random() < (options.errorRates?.overloaded503 ?? 0)) return family("503", null)!;
  if (!batch && Math.random() < (options.errorRates?.server500 ?? 0)) return family("500", null)!;
  if (name && ERROR_FAMILIES.includes(name)) {
    // Asked for by a request, a per-minute refusal comes once per image, as from one busy project; configured, it stays.
    const once = behaviour!.source === "request" && MINUTE_QUOTA_FAULTS.has(name);
    if (!once || !state.refusedOnce.has(`${name}:${seed}`)) {
      if (once) state.refusedOnce.add(`${name}:${seed}`);
      return family(name, behaviour)!;
    }
  }

  const quota = options.projects[call.project] ?? UNLIMITED;
  const verdict =
    name === "quota-day" || (!batch && options.exhaustedKeys?.includes(call.caller))
      ? { ok: false as const, quotaId: "GenerateRequestsPerDayPerProjectPerModel", retryAfterMs: options.dayMs, perDay: true }
      : name === "429" && !state.refusedOnce.has(`429:${seed}`)
        ? { ok: false as const, quotaId: "GenerateRequestsPerMinutePerProjectPerModel", retryAfterMs: 30_000, perDay: false }
        : batch
          ? { ok: true as const }
          : ledger.admit(call.project, quota, prompt.total, arrivedAt);
  if (name === "429") state.refusedOnce.add(`429:${seed}`);
  if (!verdict.ok) {
    const limit = verdict.perDay ? quota.rpd : verdict.quotaId.includes("Tokens") ? quota.tpm : quota.rpm;
    return refuse(call.dialect.quota(verdict, call.model, limit), verdict.perDay ? "429-day" : "429", behaviour?.sse);
  }
  if (!batch) callerStats(state, call.caller).accepted += 1;
  const latency = batch ? 0 : typeof options.latencyMs === "number" ? options.latencyMs : options.latencyMs ? options.latencyMs.min + Math.random() * (options.latencyMs.max - options.latencyMs.min) : 0;
  if (latency) await new Promise((resolve) => setTimeout(resolve, latency));

  if (makesImage) {
    const imageAnswer = await buildImageAnswer({ model: imageModelInfo(call.model), behaviours: behaviour?.names ?? [], prompt, input: images[0] ?? null, config: config ?? {}, seed });
    state.counters.images += imageAnswer.images;
    if (!batch) ledger.bill(call.project, imageAnswer.usage);
    return { status: 200, body: imageAnswer.body, stream, usage: imageAnswer.usage };
  }
  const output = JSON.stringify(schema ? sampleFromSchema(schema, seededRandom(seed)) : { text: "A photo." });
  const answer = buildAnswer({
    model: call.model,
    behaviours: behaviour?.names ?? [],
    output,
    prompt,
    thoughts: thinking.thoughts,
    maxOutputTokens: config?.maxOutputTokens ?? model.outputTokenLimit,
    requestedMaxOutputTokens: config?.maxOutputTokens,
    includeThoughts: config?.thinkingConfig?.includeThoughts === true,
    seed,
  });
  if (!batch) ledger.bill(call.project, answer.usage);
  return { status: 200, body: answer.body, stream, usage: answer.usage };
}
