import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { imageTokensOf } from "../gemini/image-tokens";
import { QuotaLedger, type ProjectQuota } from "./quota-ledger";
import { sampleFromSchema, seededRandom } from "./schema-sample";

/**
 * A real HTTP server speaking the Gemini REST API (generateContent, countTokens) with Google's request, response and error
 * shapes: keys mapped to projects, per-project RPM/TPM/RPD on a sliding window, 429 with RetryInfo + QuotaFailure, 503/500
 * at configurable rates, latency, invalid keys, and safety blocks / truncation / bad JSON on demand.
 * Behaviour on demand: header `x-emulate: <b>`, or `EMULATE:<b>` in the image bytes or the prompt, where b is one of
 * blocked, safety, truncate, bad_json, 503, 500, hang, quota-day, 429 (a per-minute quota refusal with a 30 s RetryInfo, once
 * per image: as from one busy project, so the retry on another project succeeds), fail-first-N (503 for an image's first N
 * calls), or fail-first-N-500 / fail-first-N-hang (the same with a 500, or no answer at all).
 * A storm (option `storm`, also settable through POST /__emulator/config) makes every key answer 429 with RetryInfo (or 503/500)
 * until a given time, as when Google throttles a whole account.
 */
export interface EmulatorOptions {
  host?: string;
  port?: number;
  projects: Record<string, ProjectQuota>;
  keys: Record<string, string>;
  invalidKeys?: string[];
  /** Keys whose daily quota is used up: they answer 429 with a per-day QuotaFailure. */
  exhaustedKeys?: string[];
  latencyMs?: number | { min: number; max: number };
  errorRates?: { overloaded503?: number; server500?: number };
  windowMs?: number;
  dayMs?: number;
  storm?: EmulatorStorm | null;
}

/** Until `until` (epoch ms) every generateContent call fails with `status`; a 429 carries RetryInfo of `retryDelayMs`. */
export interface EmulatorStorm {
  until: number;
  status?: 429 | 503 | 500;
  retryDelayMs?: number;
}

export interface GeminiEmulator {
  url: string;
  port: number;
  stats(): { requests: number; projects: Record<string, ReturnType<QuotaLedger["statsOf"]>>; keys: Record<string, { accepted: number; rejected: number }> };
  reset(): void;
  configure(patch: Partial<EmulatorOptions>): void;
  close(): Promise<void>;
}

type Part = { text?: string; inlineData?: { mimeType?: string; data?: string } };
interface GenerateRequest {
  contents?: { parts?: Part[] }[];
  generationConfig?: { responseSchema?: object; responseJsonSchema?: object; maxOutputTokens?: number };
}

const googleError = (code: number, status: string, message: string, details: object[] = []) => ({ error: { code, message, status, details } });

function behaviourOf(request: http.IncomingMessage, image: Buffer | null, text: string): string | null {
  const header = request.headers["x-emulate"];
  if (typeof header === "string" && header) return header;
  const inImage = image?.toString("latin1").match(/EMULATE:([a-z0-9_-]+)/i)?.[1];
  return inImage ?? text.match(/EMULATE:([a-z0-9_-]+)/i)?.[1] ?? null;
}

export async function startGeminiEmulator(initial: EmulatorOptions): Promise<GeminiEmulator> {
  let options = { windowMs: 60_000, dayMs: 86_400_000, host: "127.0.0.1", ...initial };
  const ledger = new QuotaLedger(options.windowMs, options.dayMs);
  const keyStats = new Map<string, { accepted: number; rejected: number }>();
  const failuresSeen = new Map<string, number>();
  const rateLimitedOnce = new Set<string>();
  let requests = 0;

  const keyStat = (key: string) => {
    if (!keyStats.has(key)) keyStats.set(key, { accepted: 0, rejected: 0 });
    return keyStats.get(key)!;
  };
  const send = (response: http.ServerResponse, status: number, body: object) => {
    if (!response.headersSent) response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  function sendFailure(response: http.ServerResponse, project: string, status: 429 | 503 | 500, retryDelayMs = 1000) {
    ledger.reject(project, String(status));
    if (status === 503) return send(response, 503, googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
    if (status === 500) return send(response, 500, googleError(500, "INTERNAL", "An internal error has occurred."));
    return send(
      response,
      429,
      googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", [
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${Math.max(retryDelayMs, 1) / 1000}s` },
      ]),
    );
  }

  async function generate(request: http.IncomingMessage, response: http.ServerResponse, key: string, model: string, countOnly: boolean) {
    const body = JSON.parse((await readBody(request)) || "{}") as GenerateRequest;
    const parts = body.contents?.flatMap((content) => content.parts ?? []) ?? [];
    const text = parts.map((part) => part.text ?? "").join("\n");
    const inline = parts.find((part) => part.inlineData?.data)?.inlineData;
    const image = inline?.data ? Buffer.from(inline.data, "base64") : null;
    const inputTokens = (image ? await imageTokensOf(image) : 0) + Math.ceil(text.length / 4);
    if (countOnly) return send(response, 200, { totalTokens: inputTokens });

    const project = options.keys[key];
    const behaviour = behaviourOf(request, image, text);
    const imageId = image ? createHash("sha256").update(image).digest("hex") : "text";
    const storm = options.storm && Date.now() < options.storm.until ? options.storm : null;
    if (storm) {
      keyStat(key).rejected += 1;
      return sendFailure(response, project, storm.status ?? 429, storm.retryDelayMs ?? 1000);
    }
    const failFirst = behaviour?.match(/^fail-first-(\d+)(?:-(500|503|hang))?$/);
    if (failFirst) {
      const seen = failuresSeen.get(imageId) ?? 0;
      if (seen < Number(failFirst[1])) {
        failuresSeen.set(imageId, seen + 1);
        keyStat(key).rejected += 1;
        if (failFirst[2] === "hang") return;
        return sendFailure(response, project, failFirst[2] === "500" ? 500 : 503);
      }
    }
    if (behaviour === "hang") return; // never answers; the client's timeout decides
    if (behaviour === "503" || Math.random() < (options.errorRates?.overloaded503 ?? 0)) return sendFailure(response, project, 503);
    if (behaviour === "500" || Math.random() < (options.errorRates?.server500 ?? 0)) return sendFailure(response, project, 500);
    const verdict =
      behaviour === "quota-day" || options.exhaustedKeys?.includes(key)
        ? { ok: false as const, quotaId: "GenerateRequestsPerDayPerProjectPerModel", retryAfterMs: options.dayMs, perDay: true }
        : behaviour === "429" && !rateLimitedOnce.has(imageId)
          ? { ok: false as const, quotaId: "GenerateRequestsPerMinutePerProjectPerModel", retryAfterMs: 30_000, perDay: false }
          : ledger.admit(project, options.projects[project], inputTokens);
    if (behaviour === "429") rateLimitedOnce.add(imageId);
    if (!verdict.ok) {
      ledger.reject(project, verdict.perDay ? "429-day" : "429");
      keyStat(key).rejected += 1;
      return send(
        response,
        429,
        googleError(429, "RESOURCE_EXHAUSTED", `You exceeded your current quota (${verdict.quotaId}).`, [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_requests", quotaId: verdict.quotaId }] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${Math.max(verdict.retryAfterMs, 1) / 1000}s` },
        ]),
      );
    }
    keyStat(key).accepted += 1;
    const latency = typeof options.latencyMs === "number" ? options.latencyMs : options.latencyMs ? options.latencyMs.min + Math.random() * (options.latencyMs.max - options.latencyMs.min) : 0;
    if (latency) await new Promise((r) => setTimeout(r, latency));

    const usage = (output: string) => ({ promptTokenCount: inputTokens, candidatesTokenCount: Math.ceil(output.length / 4), totalTokenCount: inputTokens + Math.ceil(output.length / 4) });
    if (behaviour === "blocked") return send(response, 200, { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: usage(""), modelVersion: model });
    const schema = body.generationConfig?.responseSchema ?? body.generationConfig?.responseJsonSchema;
    let output = JSON.stringify(schema ? sampleFromSchema(schema, seededRandom(imageId)) : { text: "A photo." });
    let finishReason = "STOP";
    if (behaviour === "safety") finishReason = "SAFETY";
    if (behaviour === "truncate") {
      output = output.slice(0, Math.max(1, Math.floor(output.length / 2)));
      finishReason = "MAX_TOKENS";
    }
    if (behaviour === "bad_json") output = JSON.stringify({ unexpected: true });
    send(response, 200, {
      candidates: [{ content: { role: "model", parts: [{ text: output }] }, finishReason, index: 0 }],
      usageMetadata: usage(output),
      modelVersion: model,
      responseId: imageId.slice(0, 16),
    });
  }

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", "http://emulator");
      if (url.pathname === "/__emulator/stats") return send(response, 200, emulator.stats());
      if (url.pathname === "/__emulator/reset" && request.method === "POST") return (emulator.reset(), send(response, 200, { ok: true }));
      if (url.pathname === "/__emulator/config" && request.method === "POST") return (emulator.configure(JSON.parse(await readBody(request))), send(response, 200, { ok: true }));
      const route = url.pathname.match(/^\/v1(?:beta)?\/models\/([^:/]+):(generateContent|countTokens)$/);
      if (!route || request.method !== "POST") return send(response, 404, googleError(404, "NOT_FOUND", "Method not found."));
      requests += 1;
      const key = (request.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key") ?? "";
      if (!options.keys[key] || options.invalidKeys?.includes(key)) {
        keyStat(key || "(none)").rejected += 1;
        return send(response, 400, googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }]));
      }
      await generate(request, response, key, route[1], route[2] === "countTokens");
    } catch (error) {
      send(response, 400, googleError(400, "INVALID_ARGUMENT", `Invalid request: ${(error as Error).message}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host, resolve));
  const { port } = server.address() as AddressInfo;

  const emulator: GeminiEmulator = {
    url: `http://${options.host}:${port}`,
    port,
    stats: () => ({ requests, projects: Object.fromEntries(Object.keys(options.projects).map((p) => [p, ledger.statsOf(p)])), keys: Object.fromEntries(keyStats) }),
    reset: () => {
      ledger.reset();
      keyStats.clear();
      failuresSeen.clear();
      rateLimitedOnce.clear();
      requests = 0;
    },
    configure: (patch) => {
      options = { ...options, ...patch };
      ledger.configure(options.windowMs, options.dayMs);
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return emulator;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
