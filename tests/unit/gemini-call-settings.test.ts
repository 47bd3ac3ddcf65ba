import type { GenerateContentResponse } from "@google/genai";
import { describe, expect, it } from "vitest";
import { costMicros } from "../../lib/costs/prices";
import { imageTokens, imageTokensFor } from "../../lib/gemini/image-tokens";
import { modelCatalogue, modelInfo, modelPricesEnvSchema } from "../../lib/gemini/models";
import { nextPacificMidnight, pacificDayStart } from "../../lib/gemini/pacific-day";
import { readAnswer } from "../../lib/gemini/read-answer";
import { generationConfigFor } from "../../lib/gemini/request";
import { billedTokens } from "../../lib/gemini/usage";

const settings = (model: string, thinking: "off" | "low" | "dynamic" | number, mediaResolution: "default" | "low" | "medium" | "high" = "default") => ({ model, thinking, mediaResolution, maxOutputTokens: null });
const schema = { type: "object" };

describe("the request Google gets for a template's settings", () => {
  it('"off" sends a budget of 0 where the model allows it, its smallest budget where it does not, and nothing where it never thinks', () => {
    expect(generationConfigFor(settings("gemini-2.5-flash", "off"), schema).thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(generationConfigFor(settings("gemini-2.5-pro", "off"), schema).thinkingConfig).toEqual({ thinkingBudget: 128 });
    expect(generationConfigFor(settings("gemini-2.5-flash-lite", "off"), schema).thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(generationConfigFor(settings("gemini-2.0-flash", "off"), schema).thinkingConfig).toBeUndefined();
    expect(generationConfigFor(settings("gemini-3-flash-preview", "off"), schema).thinkingConfig).toEqual({ thinkingLevel: "MINIMAL" });
  });

  it("budgets are clamped to the model's range; dynamic asks the model to choose; the output room grows with the thinking allowed", () => {
    expect(generationConfigFor(settings("gemini-2.5-flash", 100_000), schema).thinkingConfig).toEqual({ thinkingBudget: 24_576 });
    expect(generationConfigFor(settings("gemini-2.5-pro", 10), schema).thinkingConfig).toEqual({ thinkingBudget: 128 });
    const dynamic = generationConfigFor(settings("gemini-2.5-flash", "dynamic"), schema);
    expect(dynamic.thinkingConfig).toEqual({ thinkingBudget: -1 });
    expect(dynamic.maxOutputTokens).toBeGreaterThan(generationConfigFor(settings("gemini-2.5-flash", "off"), schema).maxOutputTokens!);
    expect(generationConfigFor({ ...settings("gemini-2.5-flash", "low"), maxOutputTokens: 700 }, schema).maxOutputTokens).toBe(700);
    expect(generationConfigFor(settings("gemini-2.5-flash", "dynamic"), schema, { thinkingOff: true }).thinkingConfig).toEqual({ thinkingBudget: 0 });
  });

  it("media resolution is sent as Google's enum, and not at all by default", () => {
    expect(generationConfigFor(settings("gemini-2.5-flash", "off", "low"), schema).mediaResolution).toBe("MEDIA_RESOLUTION_LOW");
    expect(generationConfigFor(settings("gemini-2.5-flash", "off"), schema)).not.toHaveProperty("mediaResolution");
  });
});

describe("image tokens (GEMINI-API.md §4)", () => {
  it("258 up to 384 px a side, then 258 per tile by the crop-unit rule", () => {
    expect(imageTokens(384, 384)).toBe(258);
    expect(imageTokens(960, 540)).toBe(6 * 258);
    expect(imageTokens(4000, 3000)).toBe(4 * 258);
    expect(imageTokens(1536, 1152)).toBe(4 * 258); // downscaling this far saves bandwidth, not tokens
  });
  it("low / medium media resolution cost a fixed amount per image; Gemini 3 has its own levels", () => {
    expect(imageTokensFor(4000, 3000, "gemini-2.5-flash", "low")).toBe(64);
    expect(imageTokensFor(4000, 3000, "gemini-2.5-flash", "medium")).toBe(256);
    expect(imageTokensFor(4000, 3000, "gemini-3-flash-preview", "default")).toBe(1120);
  });
});

describe("what Google bills", () => {
  it("output is candidates + thoughts (thoughts may be the only output); cached prompt tokens are part of the prompt", () => {
    expect(billedTokens({ promptTokenCount: 7, thoughtsTokenCount: 19, totalTokenCount: 26 })).toEqual({ inputTokens: 7, outputTokens: 19, thoughtsTokens: 19, cachedTokens: 0, imageOutputTokens: 0 });
    expect(billedTokens({ cachedContentTokenCount: 3, candidatesTokenCount: 238, promptTokenCount: 5, thoughtsTokenCount: 41, totalTokenCount: 284 })).toEqual({ inputTokens: 5, outputTokens: 279, thoughtsTokens: 41, cachedTokens: 3, imageOutputTokens: 0 });
  });
  it("costs at list prices: cached tokens at the cached price, batch at half, operator overrides and additions", () => {
    // 1,000,000 prompt tokens of which 400,000 cached, 100,000 output on 2.5 Flash: 0.6 × 0.30 + 0.4 × 0.03 + 0.1 × 2.50 = $0.442
    expect(costMicros("gemini-2.5-flash", { inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000 })).toBe(442_000);
    expect(costMicros("gemini-2.5-flash", { inputTokens: 1_000_000, outputTokens: 100_000 }, "batch")).toBe(150_000 + 125_000);
    const catalogue = modelCatalogue(modelPricesEnvSchema.parse('{"gemini-2.5-flash":{"input":1,"output":2},"my-tuned-model":{"input":0.2,"output":0.8}}'));
    expect(costMicros(modelInfo("gemini-2.5-flash", catalogue), { inputTokens: 1000, outputTokens: 1000 })).toBe(3000);
    expect(modelInfo("my-tuned-model", catalogue).prices).toEqual({ input: 0.2, output: 0.8, cachedInput: 0.02, batchInput: 0.1, batchOutput: 0.4 });
    expect(() => modelPricesEnvSchema.parse("{not json")).toThrow(/must be JSON/);
  });
});

describe("reading a 200 answer", () => {
  const validate = (json: unknown) => (json && typeof json === "object" ? { ok: true as const, value: json } : { ok: false as const, error: "not an object" });
  const answer = (candidate: object, extra: object = {}) => ({ candidates: [candidate], ...extra }) as unknown as GenerateContentResponse;
  it("skips thought parts and reads the answer", () => {
    const read = readAnswer(answer({ content: { parts: [{ text: "**Thinking about shoes**", thought: true }, { text: '{"caption":"a shoe"}', thoughtSignature: "abc" }] }, finishReason: "STOP" }), validate);
    expect(read).toEqual({ value: { caption: "a shoe" } });
  });
  it("MAX_TOKENS with no parts after thinking asks for thinking off; a cut answer for more room", () => {
    const noParts = readAnswer(answer({ content: { role: "model" }, finishReason: "MAX_TOKENS" }, { usageMetadata: { promptTokenCount: 7, thoughtsTokenCount: 19 } }), validate);
    expect("error" in noParts && noParts.retry).toBe("thinking_off");
    const cut = readAnswer(answer({ content: { parts: [{ text: '{"capt' }] }, finishReason: "MAX_TOKENS" }), validate);
    expect("error" in cut && cut.retry).toBe("more_room");
  });
  it("blocks are final, with Google's reason", () => {
    const prompt = readAnswer({ promptFeedback: { blockReason: "PROHIBITED_CONTENT" } } as unknown as GenerateContentResponse, validate);
    expect("error" in prompt && [prompt.error.code, prompt.retry, prompt.error.message]).toEqual(["blocked", null, "Gemini blocked the image (PROHIBITED_CONTENT)."]);
    for (const finishReason of ["SAFETY", "RECITATION", "IMAGE_SAFETY", "PROHIBITED_CONTENT"]) {
      const read = readAnswer(answer({ finishReason, content: { parts: [] } }), validate);
      expect("error" in read && [read.error.code, read.retry]).toEqual(["blocked", null]);
      expect("error" in read && read.error.message).toContain(finishReason);
    }
  });
});

describe("Google's day", () => {
  it("resets at midnight America/Los_Angeles, across daylight saving", () => {
    expect(new Date(nextPacificMidnight(Date.parse("2026-12-03T18:40:00Z"))).toISOString()).toBe("2026-12-04T08:00:00.000Z");
    expect(new Date(nextPacificMidnight(Date.parse("2026-07-01T06:59:00Z"))).toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(new Date(nextPacificMidnight(Date.parse("2026-03-08T12:00:00Z"))).toISOString()).toBe("2026-03-09T07:00:00.000Z");
    expect(new Date(nextPacificMidnight(Date.parse("2026-11-01T05:00:00Z"))).toISOString()).toBe("2026-11-01T07:00:00.000Z");
    expect(new Date(pacificDayStart(Date.parse("2026-12-04T07:59:59Z"))).toISOString()).toBe("2026-12-03T08:00:00.000Z");
  });
});
