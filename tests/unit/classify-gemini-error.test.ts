import { ApiError } from "@google/genai";
import { describe, expect, it } from "vitest";
import { classifyGeminiError } from "../../lib/gemini/classify-error";
import { nextPacificMidnight } from "../../lib/gemini/pacific-day";

// Bodies from ../shared/GEMINI-API.md (E-numbers there), thrown as @google/genai throws them: ApiError whose message is
// the JSON body (or, for a body served as text/event-stream, the SDK's wrapper around it).
const apiError = (status: number, body: object) => new ApiError({ message: JSON.stringify(body), status });
const sseWrapped = (status: number, statusText: string, body: object) =>
  new ApiError({ message: JSON.stringify({ error: { message: JSON.stringify(body, null, 2) + "\n", code: status, status: statusText } }), status });
const NOW = Date.parse("2026-12-03T18:40:00Z"); // 10:40 in Los Angeles: the reset is 08:00 UTC tomorrow

const quotaFailure = (quotaId: string) => ({ "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId, quotaDimensions: { location: "global", model: "gemini-2.5-flash" }, quotaValue: "20" }] });
const help = { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] };
const retryInfo = (delay: string) => ({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: delay });
const E4 = {
  error: {
    code: 429,
    message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 20, model: gemini-3.6-flash\nPlease retry in 36.429760048s.",
    status: "RESOURCE_EXHAUSTED",
    details: [quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), retryInfo("36s")],
  },
};

describe("classifyGeminiError: the real API's families", () => {
  it("a per-day 429 with a 36 s RetryInfo parks the project until midnight Pacific, not for 36 s", () => {
    const { error, outcome } = classifyGeminiError(apiError(429, E4), NOW);
    expect(outcome).toMatchObject({ kind: "exhausted_daily", until: Date.parse("2026-12-04T08:00:00Z") });
    expect(error.code).toBe("quota_exhausted_daily");
    expect(error.countsAsFailure).toBe(false);
    expect(error.options.retryAfterMs).toBe(Date.parse("2026-12-04T08:00:00Z") - NOW);
  });

  it("the same per-day body double-encoded by the SDK (served as text/event-stream) is still per-day", () => {
    const { outcome } = classifyGeminiError(sseWrapped(429, "Too Many Requests", E4), NOW);
    expect(outcome).toEqual({ kind: "exhausted_daily", until: nextPacificMidnight(NOW), reason: expect.stringContaining("You exceeded your current quota") });
  });

  it("a per-day limit named only in an ErrorInfo's quota_limit or in the message is per-day too", () => {
    const legacy = { error: { code: 429, message: "Quota exceeded for quota metric 'Generate Content API requests per day'.", status: "RESOURCE_EXHAUSTED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", metadata: { quota_limit: "GenerateContentRequestsPerDayPerProjectPerRegion" } }] } };
    expect(classifyGeminiError(apiError(429, legacy), NOW).outcome.kind).toBe("exhausted_daily");
  });

  it("per-minute 429s wait for RetryInfo, or for the message's 'Please retry in', or 10 s when bare; none counts as a failure", () => {
    const E1 = { error: { code: 429, message: "You exceeded your current quota…", status: "RESOURCE_EXHAUSTED", details: [quotaFailure("GenerateContentInputTokensPerModelPerMinute-FreeTier"), help, retryInfo("26s")] } };
    expect(classifyGeminiError(apiError(429, E1), NOW).outcome).toEqual({ kind: "rate_limited", retryAfterMs: 26_000 });
    const E3 = { error: { code: 429, message: "You exceeded your current quota.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 2\nPlease retry in 12.3s.", details: [help, quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")] } };
    expect(classifyGeminiError(apiError(429, E3), NOW).outcome).toEqual({ kind: "rate_limited", retryAfterMs: 12_300 });
    const E5 = { error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" } };
    const bare = classifyGeminiError(apiError(429, E5), NOW);
    expect(bare.outcome).toEqual({ kind: "rate_limited", retryAfterMs: 10_000 });
    expect(bare.error.countsAsFailure).toBe(false);
  });

  it("invalid, not-found, leaked, suspended and disabled keys leave the rotation with Google's reason", () => {
    const cases = [
      apiError(400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }] } }),
      apiError(400, { error: { code: 400, message: "API Key not found. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.DebugInfo", detail: "Invalid API key" }] } }),
      apiError(403, { error: { code: 403, message: "Your API key was reported as leaked. Please use another API key.", status: "PERMISSION_DENIED" } }),
      apiError(403, { error: { code: 403, message: "Permission denied: Consumer 'api_key:x' has been suspended.", status: "PERMISSION_DENIED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "CONSUMER_SUSPENDED" }] } }),
      apiError(403, { error: { code: 403, message: "Generative Language API has not been used in project 123 before or it is disabled.", status: "PERMISSION_DENIED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "SERVICE_DISABLED" }] } }),
      sseWrapped(403, "Forbidden", { error: { code: 403, message: "Your API key was reported as leaked. Please use another API key.", status: "PERMISSION_DENIED" } }),
    ];
    for (const error of cases) {
      const classified = classifyGeminiError(error, NOW);
      expect(classified.outcome.kind).toBe("invalid");
      expect(classified.error.code).toBe("invalid_key");
      expect((classified.outcome as { reason: string }).reason).toMatch(/not valid|not found|leaked|suspended|disabled/);
    }
  });

  it("no such model, refused settings and an unsupported region pause the batch with what to change", () => {
    const E12 = { error: { code: 404, message: "models/custom-gemini-2.0-flash is not found for API version v1beta, or is not supported for generateContent.", status: "NOT_FOUND" } };
    const notFound = classifyGeminiError(apiError(404, E12), NOW).error;
    expect([notFound.code, notFound.options.pausesBatch]).toEqual(["model_not_found", true]);
    expect(notFound.message).toMatch(/Choose another model/);
    const budget = classifyGeminiError(apiError(400, { error: { code: 400, message: "Budget 0 is invalid. This model only works in thinking mode.", status: "INVALID_ARGUMENT" } }), NOW).error;
    expect([budget.code, budget.options.pausesBatch]).toEqual(["unsupported_request", true]);
    const schema = classifyGeminiError(apiError(400, { error: { code: 400, message: '* GenerateContentRequest.generation_config.response_schema.properties["x"].type: must be specified', status: "INVALID_ARGUMENT" } }), NOW).error;
    expect(schema.options.pausesBatch).toBe(true);
    const region = classifyGeminiError(apiError(400, { error: { code: 400, message: "User location is not supported for the API use.", status: "FAILED_PRECONDITION" } }), NOW).error;
    expect([region.code, region.options.pausesBatch]).toEqual(["region_unsupported", true]);
  });

  it("one image's problems fail that image only, without retries: too large, a bad image", () => {
    const tooLarge = classifyGeminiError(apiError(400, { error: { code: 400, message: "Request payload size exceeds the limit: 20971520 bytes.", status: "INVALID_ARGUMENT" } }), NOW).error;
    expect([tooLarge.code, tooLarge.retryable, tooLarge.options.pausesBatch]).toEqual(["request_too_large", false, undefined]);
    const badImage = classifyGeminiError(apiError(400, { error: { code: 400, message: "Provided image is not valid", status: "INVALID_ARGUMENT" } }), NOW).error;
    expect([badImage.code, badImage.retryable]).toEqual(["image_invalid", false]);
  });

  it("5xx, 504, timeouts and network errors are transient and retried", () => {
    expect(classifyGeminiError(apiError(503, { error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } })).error.code).toBe("overloaded");
    expect(classifyGeminiError(apiError(500, { error: { code: 500, message: "An internal error has occurred.", status: "INTERNAL" } })).error.code).toBe("server_error");
    expect(classifyGeminiError(apiError(504, { error: { code: 504, message: "Deadline expired before operation could complete.", status: "DEADLINE_EXCEEDED" } })).error.retryable).toBe(true);
    expect(classifyGeminiError(Object.assign(new Error("The operation timed out."), { name: "TimeoutError" })).error.code).toBe("timeout");
    expect(classifyGeminiError(new TypeError("fetch failed")).error.code).toBe("network");
    // A proxy's HTML page: not JSON at all.
    expect(classifyGeminiError(new ApiError({ message: "<html>502 Bad Gateway</html>", status: 502 })).error.code).toBe("server_error");
  });
});
