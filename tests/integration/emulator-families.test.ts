import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { detailOf, failureOf, generateWith, imageContents, sdkFor, solidImage, typesOf, type GoogleErrorBody } from "./emulator-sdk-helpers";

// The emulator's error families, called through the real @google/genai SDK, as Loupe calls Google.
const KEYS = { "AIzaFamilyKeyA1": "fam-a", "AIzaFamilyKeyA2": "fam-a", "AIzaFamilyKeyB1": "fam-b" };
const QUOTA = { rpm: 1000, tpm: 10_000_000, rpd: 100_000 };
const QUOTA_TEXT = "You exceeded your current quota, please check your plan and billing details.";

describe("emulator error families through @google/genai", () => {
  let emulator: GeminiEmulator;
  let image: Buffer;
  const ai = (key = "AIzaFamilyKeyA1") => sdkFor(emulator, key);
  const fail = (behaviour: string, key?: string, model?: string) => failureOf(generateWith(ai(key), behaviour, image, model));

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { "fam-a": QUOTA, "fam-b": QUOTA }, keys: KEYS });
    image = await solidImage(64, 48);
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ faults: undefined, projects: { "fam-a": QUOTA, "fam-b": QUOTA } });
  });

  it("429-minute-tokens: QuotaFailure on the per-minute input-token quota, Help, RetryInfo 26s", async () => {
    const { status, body } = await fail("429-minute-tokens");
    expect(status).toBe(429);
    expect(body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
    expect(body.error.message).toMatch(/^You exceeded your current quota/);
    expect(typesOf(body)).toEqual(["QuotaFailure", "Help", "RetryInfo"]);
    expect(detailOf(body, "QuotaFailure")!.violations).toEqual([
      {
        quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
        quotaId: "GenerateContentInputTokensPerModelPerMinute-FreeTier",
        quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
        quotaValue: "250000",
      },
    ]);
    expect(detailOf(body, "RetryInfo")!.retryDelay).toBe("26s");
  });

  it("429-retry-in: the newer message with the metric, limit and a fractional delay; Help first, RetryInfo 56s", async () => {
    const { body } = await fail("429-retry-in", undefined, "gemini-2.5-pro");
    expect(body.error.message).toContain(`${QUOTA_TEXT} For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n`);
    expect(body.error.message).toMatch(/\n\* Quota exceeded for metric: generativelanguage\.googleapis\.com\/generate_content_free_tier_requests, limit: 2\nPlease retry in 56\.185908122s\.$/);
    expect(typesOf(body)).toEqual(["Help", "QuotaFailure", "RetryInfo"]);
    expect(detailOf(body, "QuotaFailure")!.violations).toMatchObject([{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", quotaDimensions: { model: "gemini-2.5-pro" } }]);
    expect(detailOf(body, "RetryInfo")!.retryDelay).toBe("56s");
  });

  it("429-day: a per-day quotaId with a short RetryInfo (36s) and 'Please retry in 36.4…s' in the text", async () => {
    const { status, body } = await fail("429-day");
    expect(status).toBe(429);
    expect(typesOf(body)).toEqual(["QuotaFailure", "RetryInfo"]);
    const [violation] = detailOf(body, "QuotaFailure")!.violations as { quotaId: string; quotaValue: string }[];
    expect(violation.quotaId).toBe("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
    expect(violation.quotaValue).toBe("20");
    expect(detailOf(body, "RetryInfo")!.retryDelay).toBe("36s");
    expect(body.error.message).toMatch(/limit: 20, model: gemini-2\.5-flash\nPlease retry in 36\.4\d*s\.$/);
  });

  it("429-day-message: the daily limit named only in the message, no QuotaFailure; 429-bare and 429-legacy", async () => {
    const dayMessage = (await fail("429-day-message")).body;
    expect(dayMessage.error.message).toMatch(/per day.*GenerateRequestsPerDayPerProjectPerModel-FreeTier/);
    expect(typesOf(dayMessage)).not.toContain("QuotaFailure");
    expect(detailOf(dayMessage, "RetryInfo")!.retryDelay).toMatch(/^\d+s$/);

    expect((await fail("429-bare")).body).toEqual({ error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" } });

    const legacy = (await fail("429-legacy")).body;
    expect(typesOf(legacy)).toEqual(["ErrorInfo", "Help"]);
    expect(detailOf(legacy, "ErrorInfo")).toMatchObject({ reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com", metadata: { quota_limit: "GenerateContentRequestsPerMinutePerProjectPerRegion" } });
    expect(legacy.error.message).toMatch(/^Quota exceeded for quota metric 'Generate Content API requests per minute'.*consumer 'project_number:\d{12}'\.$/);
  });

  it("key families: invalid (400, not 401), not found, leaked, suspended, API disabled", async () => {
    const invalid = await fail("key-invalid");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." });
    expect(typesOf(invalid.body)).toEqual(["ErrorInfo", "LocalizedMessage"]);
    expect(detailOf(invalid.body, "ErrorInfo")).toMatchObject({ reason: "API_KEY_INVALID", metadata: { service: "generativelanguage.googleapis.com" } });

    const notFound = await fail("key-not-found");
    expect(notFound.body.error.message).toBe("API Key not found. Please pass a valid API key.");
    expect(typesOf(notFound.body)).toEqual(["ErrorInfo", "LocalizedMessage", "DebugInfo"]);
    expect(JSON.stringify(notFound.body)).not.toContain("AIzaFamilyKeyA1");

    expect(await fail("key-leaked")).toEqual({ status: 403, body: { error: { code: 403, message: "Your API key was reported as leaked. Please use another API key.", status: "PERMISSION_DENIED" } } });

    const suspended = await fail("key-denied");
    expect(suspended.status).toBe(403);
    expect(suspended.body.error.message).toMatch(/^Permission denied: Consumer 'api_key:.+' has been suspended\.$/);
    expect(detailOf(suspended.body, "ErrorInfo")!.reason).toBe("CONSUMER_SUSPENDED");

    const disabled = await fail("api-disabled");
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.message).toMatch(/^Generative Language API has not been used in project \d+ before or it is disabled\. Enable it by visiting https:\/\/\S+ then retry\./);
    expect(detailOf(disabled.body, "ErrorInfo")!.reason).toBe("SERVICE_DISABLED");
  });

  it("request families: model not found (also for a model the emulator does not know), schema, region, too long, too large, bad image", async () => {
    const unknown = await failureOf(generateWith(ai(), null, image, "gemini-9-ultra"));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.",
    );
    expect(typesOf(unknown.body)).toEqual(["DebugInfo"]);
    expect(String(detailOf(unknown.body, "DebugInfo")!.detail)).toMatch(/^\[ORIGINAL ERROR\] generic::not_found: models\/gemini-9-ultra/);
    expect((await fail("model-not-found")).status).toBe(404);
    // A model added by the option is known; the image model is known by default.
    emulator.configure({ models: ["gemini-9-ultra"] });
    await expect(generateWith(ai(), null, image, "gemini-9-ultra")).resolves.toBeTruthy();
    await expect(generateWith(ai(), null, image, "gemini-2.5-flash-image")).resolves.toBeTruthy();
    emulator.configure({ models: undefined });

    const schema = await fail("schema-unsupported");
    expect(schema.body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect(schema.body.error.message).toContain('* GenerateContentRequest.generation_config.response_schema.properties["caption"].type: must be specified');
    expect((await fail("region-unsupported")).body.error).toEqual({ code: 400, message: "User location is not supported for the API use.", status: "FAILED_PRECONDITION" });
    expect((await fail("input-too-long")).body.error.message).toMatch(/^The input token count \(\d+\) exceeds the maximum number of tokens allowed \(1048576\)\.$/);
    expect((await fail("payload-too-large")).body.error.message).toBe("Request payload size exceeds the limit: 20971520 bytes.");
    expect((await fail("bad-image")).body.error).toEqual({ code: 400, message: "Provided image is not valid", status: "INVALID_ARGUMENT" });
    expect((await fail("bad-image-unprocessable")).body.error.message).toMatch(/^Unable to process input image\. Please retry or report in https:\/\//);
  });

  it("service families: 500, 503, 503 high demand, 504, with Google's texts", async () => {
    expect(await fail("500")).toEqual({
      status: 500,
      body: { error: { code: 500, message: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", status: "INTERNAL" } },
    });
    expect((await fail("503")).body.error).toEqual({ code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" });
    expect((await fail("503-high-demand")).body.error.message).toBe("This model is currently experiencing high demand. Spikes in demand are usually temporary. Please try again later.");
    expect(await fail("504")).toMatchObject({ status: 504, body: { error: { code: 504, status: "DEADLINE_EXCEEDED" } } });
  });

  it("answers with Google's headers and a pretty-printed body", async () => {
    const response = await fetch(`${emulator.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": "AIzaFamilyKeyA1", "x-emulate": "429-day", "content-type": "application/json" },
      body: JSON.stringify({ contents: imageContents(image) }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    expect(response.headers.get("server")).toBe("scaffolding on HTTPServer2");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("vary")).toBe("Origin, X-Origin, Referer");
    expect(await response.text()).toMatch(/^\{\n {2}"error": \{\n {4}"code": 429,/);
  });

  it("+sse serves the same body as text/event-stream, which the SDK double-encodes", async () => {
    const plain = await fail("429-day");
    const wrapped = await fail("429-day+sse");
    expect(wrapped.status).toBe(429);
    expect(wrapped.body.error.code).toBe(429);
    expect(wrapped.body.error.status).toBe("Too Many Requests");
    expect(wrapped.body.error.message).toMatch(/^\{\n {2}"error": \{/);
    expect(JSON.parse(wrapped.body.error.message) as GoogleErrorBody).toEqual(plain.body);
    const leaked = await fail("key-leaked+sse");
    expect(leaked.body.error.status).toBe("Forbidden");
    expect(JSON.parse(leaked.body.error.message).error.status).toBe("PERMISSION_DENIED");
  });

  it("on the streaming route errors are event streams by themselves, and an answer is one data: event", async () => {
    const streamed = (behaviour: string | null) =>
      ai().models.generateContentStream({ model: "gemini-2.5-flash", contents: imageContents(image), config: behaviour ? { httpOptions: { headers: { "x-emulate": behaviour } } } : {} });
    const overloaded = await failureOf(streamed("503"));
    expect(overloaded.body.error.status).toBe("Service Unavailable");
    expect(JSON.parse(overloaded.body.error.message).error.message).toBe("The model is overloaded. Please try again later.");
    const chunks: string[] = [];
    for await (const chunk of await streamed(null)) chunks.push(chunk.text ?? "");
    expect(chunks).toEqual(['{"text":"A photo."}']);
  });

  it("a per-minute family asked by a marker answers once per image, so the retry succeeds; a per-day one every time", async () => {
    const marked = { model: "gemini-2.5-flash", contents: imageContents(image, "Describe. EMULATE:429-retry-in") };
    expect((await failureOf(ai().models.generateContent(marked))).status).toBe(429);
    await expect(ai().models.generateContent(marked)).resolves.toBeTruthy();
    const daily = { model: "gemini-2.5-flash", contents: imageContents(image, "Describe. EMULATE:429-day") };
    for (let i = 0; i < 2; i++) expect((await failureOf(ai().models.generateContent(daily))).status).toBe(429);
    const stats = emulator.stats().projects["fam-a"];
    expect(stats.rejected).toEqual({ "429-retry-in": 1, "429-day": 2 });
    expect(stats.accepted).toBe(1);
  });

  it("a fault configured for one key hits only that key; for a project, every key of it; none uses quota", async () => {
    emulator.configure({ projects: { "fam-a": { ...QUOTA, rpm: 2 }, "fam-b": QUOTA }, faults: { keys: { AIzaFamilyKeyA1: "429-day" } } });
    for (let i = 0; i < 4; i++) expect((await failureOf(generateWith(ai("AIzaFamilyKeyA1"), null, image))).status).toBe(429);
    // The same project's other key still has its whole quota (2 a minute): the refusals took none.
    await generateWith(ai("AIzaFamilyKeyA2"), null, image);
    await generateWith(ai("AIzaFamilyKeyA2"), null, image);
    expect((await failureOf(generateWith(ai("AIzaFamilyKeyA2"), null, image))).body.error.message).toMatch(/limit: 2\n/);
    let stats = emulator.stats();
    expect(stats.keys.AIzaFamilyKeyA1).toMatchObject({ accepted: 0, rejected: 4 });
    expect(stats.keys.AIzaFamilyKeyA2).toMatchObject({ accepted: 2, rejected: 1 });
    expect(stats.projects["fam-a"]).toMatchObject({ accepted: 2, rejected: { "429-day": 4, "429": 1 } });

    emulator.reset();
    emulator.configure({ faults: { projects: { "fam-b": "503-high-demand" }, keys: { AIzaFamilyKeyA1: "key-leaked" } } });
    expect((await failureOf(generateWith(ai("AIzaFamilyKeyB1"), null, image))).status).toBe(503);
    expect((await failureOf(generateWith(ai("AIzaFamilyKeyA1"), null, image))).status).toBe(403);
    await expect(generateWith(ai("AIzaFamilyKeyA2"), null, image)).resolves.toBeTruthy();
    stats = emulator.stats();
    expect(stats.projects["fam-b"]).toMatchObject({ accepted: 0, tokens: 0 });
  });

  it("faults can be set through POST /__emulator/config", async () => {
    await fetch(`${emulator.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ faults: { keys: { AIzaFamilyKeyA2: "api-disabled" } } }) });
    expect((await failureOf(generateWith(ai("AIzaFamilyKeyA2"), null, image))).body.error.details).toBeDefined();
    expect((await failureOf(generateWith(ai("AIzaFamilyKeyA2"), null, image))).status).toBe(403);
    await expect(generateWith(ai("AIzaFamilyKeyA1"), null, image)).resolves.toBeTruthy();
  });

  it("the old behaviour names keep their bodies: 429 once per image with a 30 s RetryInfo, quota-day with a day's", async () => {
    const once = await fail("429");
    expect(detailOf(once.body, "QuotaFailure")!.violations).toMatchObject([{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }]);
    expect(detailOf(once.body, "RetryInfo")!.retryDelay).toBe("30s");
    await expect(generateWith(ai(), "429", image)).resolves.toBeTruthy();
    const day = await fail("quota-day");
    expect(detailOf(day.body, "QuotaFailure")!.violations).toMatchObject([{ quotaId: "GenerateRequestsPerDayPerProjectPerModel" }]);
    expect(detailOf(day.body, "RetryInfo")!.retryDelay).toBe("86400s");
    expect(emulator.stats().projects["fam-a"].rejected).toMatchObject({ "429": 1, "429-day": 1 });
  });
});
