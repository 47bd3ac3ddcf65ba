import { createHash } from "node:crypto";
import { googleError, type GoogleErrorBody } from "./google-response";

/**
 * Google's error bodies by family (GEMINI-API.md §1, E1–E19): what the Gemini API answers when a quota, a key, the model,
 * the request or the service fails. Each family is one builder; the bodies carry the call's model, project and key.
 */
export interface FaultContext {
  model: string;
  /** generateContent or countTokens: Google names the method in a model 404. */
  method: string;
  apiVersion: string;
  project: string;
  key: string;
  promptTokens: number;
  inputTokenLimit: number;
  /** The first property of the request's responseSchema, named in the schema 400. */
  schemaProperty?: string;
}

export interface ErrorAnswer {
  status: number;
  body: GoogleErrorBody;
}

const RATE_LIMITS_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";
const QUOTA_MESSAGE = `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${RATE_LIMITS_URL}.`;
const MONITOR = " To monitor your current usage, head to: https://ai.dev/rate-limit. ";
const TROUBLESHOOTING = "https://developers.generativeai.google/guide/troubleshooting";
const SERVICE = "generativelanguage.googleapis.com";
const FREE_TIER_REQUESTS = `${SERVICE}/generate_content_free_tier_requests`;

const type = (name: string) => `type.googleapis.com/google.rpc.${name}`;
const help = (description = "Learn more about Gemini API quotas", url = RATE_LIMITS_URL) => ({ "@type": type("Help"), links: [{ description, url }] });
const retryInfo = (retryDelay: string) => ({ "@type": type("RetryInfo"), retryDelay });
const quotaFailure = (quotaMetric: string, quotaId: string, model: string, quotaValue: string) => ({
  "@type": type("QuotaFailure"),
  violations: [{ quotaMetric, quotaId, quotaDimensions: { location: "global", model }, quotaValue }],
});
const errorInfo = (reason: string, metadata: Record<string, string>) => ({ "@type": type("ErrorInfo"), reason, domain: "googleapis.com", metadata: { service: SERVICE, ...metadata } });
const localized = (message: string) => ({ "@type": type("LocalizedMessage"), locale: "en-US", message });

/** The Cloud project number Google names in its messages, stable per project id. */
export const projectNumber = (project: string) => String(100_000_000_000 + (Number.parseInt(createHash("sha256").update(project).digest("hex").slice(0, 10), 16) % 900_000_000_000));
export const maskKey = (key: string) => (key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : "…");

function modelNotFoundMessage(c: FaultContext) {
  return `models/${c.model} is not found for API version ${c.apiVersion}, or is not supported for ${c.method}. Call ListModels to see the list of available models and their supported methods.`;
}

const FAMILIES: Record<string, (c: FaultContext) => ErrorAnswer> = {
  // E1: the per-minute input-token quota of the free tier, in the 2025 form.
  "429-minute-tokens": (c) => ({
    status: 429,
    body: googleError(429, "RESOURCE_EXHAUSTED", QUOTA_MESSAGE, [
      quotaFailure(`${SERVICE}/generate_content_free_tier_input_token_count`, "GenerateContentInputTokensPerModelPerMinute-FreeTier", c.model, "250000"),
      help(),
      retryInfo("26s"),
    ]),
  }),
  // E3: the late-2025 form, limit and a fractional delay in the message, Help first.
  "429-retry-in": (c) => ({
    status: 429,
    body: googleError(429, "RESOURCE_EXHAUSTED", `${QUOTA_MESSAGE}\n* Quota exceeded for metric: ${FREE_TIER_REQUESTS}, limit: 2\nPlease retry in 56.185908122s.`, [
      help(),
      quotaFailure(FREE_TIER_REQUESTS, "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", c.model, "2"),
      retryInfo("56s"),
    ]),
  }),
  // E4: the day is used up, yet RetryInfo says 36 s: only the quotaId tells.
  "429-day": (c) => ({
    status: 429,
    body: googleError(429, "RESOURCE_EXHAUSTED", `${QUOTA_MESSAGE}${MONITOR}\n* Quota exceeded for metric: ${FREE_TIER_REQUESTS}, limit: 20, model: ${c.model}\nPlease retry in 36.429760048s.`, [
      quotaFailure(FREE_TIER_REQUESTS, "GenerateRequestsPerDayPerProjectPerModel-FreeTier", c.model, "20"),
      retryInfo("36s"),
    ]),
  }),
  // A per-day refusal that names the daily limit in its text only: no QuotaFailure to read, a short RetryInfo again.
  "429-day-message": (c) => ({
    status: 429,
    body: googleError(
      429,
      "RESOURCE_EXHAUSTED",
      `Quota exceeded for quota metric 'Generate Content API requests per day' and limit 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' of service '${SERVICE}' for consumer 'project_number:${projectNumber(c.project)}'. Please retry in 41.2s.`,
      [help("Request a higher quota limit.", "https://cloud.google.com/docs/quotas/help/request_increase"), retryInfo("41s")],
    ),
  }),
  "429-bare": () => ({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).") }),
  // E7: 2024's ErrorInfo form; the quota is named in metadata, there is no RetryInfo.
  "429-legacy": (c) => ({
    status: 429,
    body: googleError(
      429,
      "RESOURCE_EXHAUSTED",
      `Quota exceeded for quota metric 'Generate Content API requests per minute' and limit 'GenerateContent request limit per minute for a region' of service '${SERVICE}' for consumer 'project_number:${projectNumber(c.project)}'.`,
      [
        errorInfo("RATE_LIMIT_EXCEEDED", {
          quota_location: "us-west4",
          quota_limit_value: "0",
          quota_limit: "GenerateContentRequestsPerMinutePerProjectPerRegion",
          quota_metric: `${SERVICE}/generate_content_requests`,
          consumer: `projects/${projectNumber(c.project)}`,
        }),
        help("Request a higher quota limit.", "https://cloud.google.com/docs/quotas/help/request_increase"),
      ],
    ),
  }),
  // E8: a bad key is a 400, not a 401.
  "key-invalid": () => {
    const message = "API key not valid. Please pass a valid API key.";
    return { status: 400, body: googleError(400, "INVALID_ARGUMENT", message, [errorInfo("API_KEY_INVALID", {}), localized(message)]) };
  },
  "key-not-found": (c) => {
    const message = "API Key not found. Please pass a valid API key.";
    return { status: 400, body: googleError(400, "INVALID_ARGUMENT", message, [errorInfo("API_KEY_INVALID", {}), localized(message), { "@type": type("DebugInfo"), detail: `Invalid API key: ${maskKey(c.key)}` }]) };
  },
  "key-leaked": () => ({ status: 403, body: googleError(403, "PERMISSION_DENIED", "Your API key was reported as leaked. Please use another API key.") }),
  "key-denied": (c) => ({
    status: 403,
    body: googleError(403, "PERMISSION_DENIED", `Permission denied: Consumer 'api_key:${maskKey(c.key)}' has been suspended.`, [
      errorInfo("CONSUMER_SUSPENDED", { consumer: `projects/${projectNumber(c.project)}` }),
      localized(`Permission denied: Consumer 'api_key:${maskKey(c.key)}' has been suspended.`),
    ]),
  }),
  "api-disabled": (c) => {
    const number = projectNumber(c.project);
    const activationUrl = `https://console.developers.google.com/apis/api/${SERVICE}/overview?project=${number}`;
    const message = `Generative Language API has not been used in project ${number} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
    return {
      status: 403,
      body: googleError(403, "PERMISSION_DENIED", message, [
        errorInfo("SERVICE_DISABLED", { consumer: `projects/${number}`, activationUrl, containerInfo: number, serviceTitle: "Generative Language API" }),
        localized(message),
        help("Google developers console API activation", activationUrl),
      ]),
    };
  },
  // E12, as recorded: the message again inside a DebugInfo.
  "model-not-found": (c) => {
    const message = modelNotFoundMessage(c);
    const detail = `[ORIGINAL ERROR] generic::not_found: ${message} [google.rpc.error_details_ext] { message: ${JSON.stringify(message)} }`;
    return { status: 404, body: googleError(404, "NOT_FOUND", message, [{ "@type": type("DebugInfo"), detail }]) };
  },
  "schema-unsupported": (c) => ({
    status: 400,
    body: googleError(400, "INVALID_ARGUMENT", `* GenerateContentRequest.generation_config.response_schema.properties["${c.schemaProperty ?? "x"}"].type: must be specified when not using one_of or any_of\n`),
  }),
  "region-unsupported": () => ({ status: 400, body: googleError(400, "FAILED_PRECONDITION", "User location is not supported for the API use.") }),
  "500": () => ({ status: 500, body: googleError(500, "INTERNAL", `An internal error has occurred. Please retry or report in ${TROUBLESHOOTING}`) }),
  "503": () => ({ status: 503, body: googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.") }),
  "503-high-demand": () => ({
    status: 503,
    body: googleError(503, "UNAVAILABLE", "This model is currently experiencing high demand. Spikes in demand are usually temporary. Please try again later."),
  }),
  "504": () => ({ status: 504, body: googleError(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.") }),
  "input-too-long": (c) => ({
    status: 400,
    body: googleError(400, "INVALID_ARGUMENT", `The input token count (${Math.max(c.promptTokens, c.inputTokenLimit + c.promptTokens)}) exceeds the maximum number of tokens allowed (${c.inputTokenLimit}).`),
  }),
  "payload-too-large": () => ({ status: 400, body: googleError(400, "INVALID_ARGUMENT", `Request payload size exceeds the limit: ${INLINE_PAYLOAD_LIMIT} bytes.`) }),
  "bad-image": () => ({ status: 400, body: googleError(400, "INVALID_ARGUMENT", "Provided image is not valid") }),
  "bad-image-unprocessable": () => ({ status: 400, body: googleError(400, "INVALID_ARGUMENT", `Unable to process input image. Please retry or report in ${TROUBLESHOOTING}`) }),
};

/** 20 MiB: Google's limit on a request with inline data. */
export const INLINE_PAYLOAD_LIMIT = 20_971_520;

export const ERROR_FAMILIES = Object.keys(FAMILIES);

/** Faults of the key itself: they answer every route the key touches (generate, countTokens, models.get), before anything else. */
export const KEY_FAULTS = new Set(["key-invalid", "key-not-found", "key-leaked", "key-denied", "api-disabled"]);

/** Per-minute refusals: asked for by a request they answer once per image, as a busy project does, so a retry succeeds. */
export const MINUTE_QUOTA_FAULTS = new Set(["429-minute-tokens", "429-retry-in", "429-bare", "429-legacy"]);

export function errorFamily(name: string, context: FaultContext): ErrorAnswer | null {
  return FAMILIES[name]?.(context) ?? null;
}

/** What the ledger (or the old `429` / `quota-day` behaviours) refuses with: the E3 form, keeping the quota's own id and delay. */
export function quotaRefusal(refusal: { quotaId: string; retryAfterMs: number; perDay: boolean }, model: string, limit: number): ErrorAnswer {
  const metric = refusal.quotaId.includes("Tokens") ? `${SERVICE}/generate_content_input_token_count` : `${SERVICE}/generate_content_requests`;
  const seconds = Math.max(refusal.retryAfterMs, 1) / 1000;
  return {
    status: 429,
    body: googleError(429, "RESOURCE_EXHAUSTED", `${QUOTA_MESSAGE}\n* Quota exceeded for metric: ${metric}, limit: ${limit}\nPlease retry in ${seconds}s.`, [
      help(),
      quotaFailure(metric, refusal.quotaId, model, String(limit)),
      retryInfo(`${seconds}s`),
    ]),
  };
}

/** A storm's 429: the bare form with a RetryInfo, as when Google throttles a whole account. */
export function stormRefusal(retryDelayMs: number): ErrorAnswer {
  return { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", [retryInfo(`${Math.max(retryDelayMs, 1) / 1000}s`)]) };
}
