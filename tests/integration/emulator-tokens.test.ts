import { MediaResolution, ThinkingLevel, type GenerateContentResponse } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { failureOf, generateWith, imageContents, sdkFor, solidImage } from "./emulator-sdk-helpers";

// Usage, thinking and media resolution as Google counts them, and the odd 200 answers, through the real SDK.
const KEY = "AIzaTokensKey0001";
const QUOTA = { rpm: 10_000, tpm: 100_000_000, rpd: 1_000_000 };

const usageOf = (response: GenerateContentResponse) => response.usageMetadata!;
const imageTokensOf = (response: GenerateContentResponse) => usageOf(response).promptTokensDetails?.find((detail) => detail.modality === "IMAGE")?.tokenCount;

describe("emulator tokens and odd answers through @google/genai", () => {
  let emulator: GeminiEmulator;
  let small: Buffer;
  let wide: Buffer;
  const ai = () => sdkFor(emulator, KEY);

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { tok: QUOTA }, keys: { [KEY]: "tok" } });
    small = await solidImage(64, 48, 1);
    wide = await solidImage(960, 540, 2);
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => emulator.reset());

  it("usage adds up: total = prompt + candidates + thoughts; 2.5 Flash thinks 300–1500 tokens by default, the same for the same image", async () => {
    const first = await generateWith(ai(), null, small);
    const usage = usageOf(first);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!);
    expect(usage.thoughtsTokenCount).toBeGreaterThanOrEqual(300);
    expect(usage.thoughtsTokenCount).toBeLessThanOrEqual(1500);
    expect(usage.promptTokensDetails).toEqual([
      { modality: "IMAGE", tokenCount: 258 },
      { modality: "TEXT", tokenCount: Math.ceil("Describe the image.".length / 4) },
    ]);
    expect(usageOf(await generateWith(ai(), null, small)).thoughtsTokenCount).toBe(usage.thoughtsTokenCount);
    expect(first.candidates![0].finishReason).toBe("STOP");
    expect(JSON.parse(first.text!)).toHaveProperty("caption");
  });

  it("image tokens follow the crop-unit rule at the default resolution and the model's fixed counts otherwise", async () => {
    expect(imageTokensOf(await generateWith(ai(), null, wide))).toBe(6 * 258);
    expect(imageTokensOf(await generateWith(ai(), null, wide, "gemini-2.5-flash", { mediaResolution: MediaResolution.MEDIA_RESOLUTION_LOW }))).toBe(64);
    expect(imageTokensOf(await generateWith(ai(), null, wide, "gemini-2.5-flash", { mediaResolution: MediaResolution.MEDIA_RESOLUTION_MEDIUM }))).toBe(256);
    expect(imageTokensOf(await generateWith(ai(), null, wide, "gemini-3-flash-preview"))).toBe(1120);
    expect(imageTokensOf(await generateWith(ai(), null, wide, "gemini-3-flash-preview", { mediaResolution: MediaResolution.MEDIA_RESOLUTION_LOW }))).toBe(280);
  });

  it("countTokens agrees with generateContent's promptTokenCount", async () => {
    const counted = await ai().models.countTokens({ model: "gemini-2.5-flash", contents: imageContents(wide) });
    const generated = await generateWith(ai(), null, wide);
    expect(counted.totalTokens).toBe(usageOf(generated).promptTokenCount);
    expect(emulator.stats().projects.tok.accepted).toBe(1); // counting uses no quota
  });

  it("thinking per model: 2.0 Flash and Flash-Lite do not think unless asked, a budget of 0 turns 2.5 Flash off, a budget caps", async () => {
    expect(usageOf(await generateWith(ai(), null, small, "gemini-2.0-flash")).thoughtsTokenCount).toBeUndefined();
    expect(usageOf(await generateWith(ai(), null, small, "gemini-2.5-flash-lite")).thoughtsTokenCount).toBeUndefined();
    const off = usageOf(await generateWith(ai(), null, small, "gemini-2.5-flash", { thinkingConfig: { thinkingBudget: 0 } }));
    expect(off.thoughtsTokenCount).toBeUndefined();
    expect(off.totalTokenCount).toBe(off.promptTokenCount! + off.candidatesTokenCount!);
    expect(usageOf(await generateWith(ai(), null, small, "gemini-2.5-flash", { thinkingConfig: { thinkingBudget: 100 } })).thoughtsTokenCount).toBe(100);
    const dynamic = usageOf(await generateWith(ai(), null, small, "gemini-2.5-flash-lite", { thinkingConfig: { thinkingBudget: -1 } }));
    expect(dynamic.thoughtsTokenCount).toBeGreaterThanOrEqual(300);
  });

  it("2.5 Pro cannot stop thinking: budget 0 is a 400, its smallest budget is 128", async () => {
    const refused = await failureOf(generateWith(ai(), null, small, "gemini-2.5-pro", { thinkingConfig: { thinkingBudget: 0 } }));
    expect(refused).toEqual({ status: 400, body: { error: { code: 400, message: "Budget 0 is invalid. This model only works in thinking mode.", status: "INVALID_ARGUMENT" } } });
    expect(usageOf(await generateWith(ai(), null, small, "gemini-2.5-pro", { thinkingConfig: { thinkingBudget: 128 } })).thoughtsTokenCount).toBe(128);
    expect(emulator.stats().projects.tok).toMatchObject({ accepted: 1, rejected: { "thinking-config": 1 } });
  });

  it("Gemini 3 levels: MINIMAL thinks at most 64 tokens, LOW at most 1024", async () => {
    const minimal = usageOf(await generateWith(ai(), null, small, "gemini-3-flash-preview", { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } }));
    expect(minimal.thoughtsTokenCount ?? 0).toBeLessThanOrEqual(64);
    const low = usageOf(await generateWith(ai(), null, small, "gemini-3-flash-preview", { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } }));
    expect(low.thoughtsTokenCount).toBeLessThanOrEqual(1024);
    expect(low.thoughtsTokenCount).toBeGreaterThan(minimal.thoughtsTokenCount ?? 0);
  });

  it("thoughts count against maxOutputTokens: all of it → MAX_TOKENS with no parts (R1); most of it → the answer is cut", async () => {
    const used = await generateWith(ai(), null, small, "gemini-2.5-flash", { maxOutputTokens: 200 });
    expect(used.candidates![0]).toEqual({ content: { role: "model" }, finishReason: "MAX_TOKENS", index: 0 });
    expect(usageOf(used).thoughtsTokenCount).toBe(200);
    expect(usageOf(used).candidatesTokenCount).toBeUndefined();
    expect(usageOf(used).totalTokenCount).toBe(usageOf(used).promptTokenCount! + 200);
    expect(used.text).toBeUndefined();

    const cut = await generateWith(ai(), null, small, "gemini-2.5-flash", { maxOutputTokens: 103, thinkingConfig: { thinkingBudget: 100 } });
    expect(cut.candidates![0].finishReason).toBe("MAX_TOKENS");
    expect(usageOf(cut)).toMatchObject({ thoughtsTokenCount: 100, candidatesTokenCount: 3 });
    expect(() => JSON.parse(cut.text!)).toThrow();
  });

  it("includeThoughts adds a thought summary part before the answer", async () => {
    const response = await generateWith(ai(), null, small, "gemini-2.5-flash", { thinkingConfig: { includeThoughts: true } });
    const parts = response.candidates![0].content!.parts!;
    expect(parts[0].thought).toBe(true);
    expect(parts[1].thoughtSignature).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(JSON.parse(response.text!)).toHaveProperty("caption");
  });

  it("odd 200 answers: no parts, thought parts, prompt blocked, safety without content, recitation, image safety", async () => {
    const noParts = await generateWith(ai(), "max-tokens-no-parts", small, "gemini-2.5-flash", { maxOutputTokens: 500 });
    expect(noParts.candidates![0]).toEqual({ content: { role: "model" }, finishReason: "MAX_TOKENS", index: 0 });
    expect(usageOf(noParts)).toMatchObject({ thoughtsTokenCount: 500 });
    expect(usageOf(noParts).candidatesTokenCount).toBeUndefined();

    const thought = await generateWith(ai(), "thought-parts", small, "gemini-2.0-flash");
    const [summary, answer] = thought.candidates![0].content!.parts!;
    expect(summary).toMatchObject({ thought: true });
    expect(answer.thoughtSignature).toBeTruthy();
    expect(JSON.parse(thought.text!)).toHaveProperty("caption");
    expect(usageOf(thought).thoughtsTokenCount).toBeGreaterThan(0);

    const blocked = await generateWith(ai(), "prompt-blocked", small);
    expect(blocked.candidates).toBeUndefined();
    expect(blocked.promptFeedback).toEqual({ blockReason: "PROHIBITED_CONTENT" });
    expect(usageOf(blocked).totalTokenCount).toBe(usageOf(blocked).promptTokenCount);

    const safety = await generateWith(ai(), "safety-no-content", small);
    expect(safety.candidates![0].content).toBeUndefined();
    expect(safety.candidates![0].finishReason).toBe("SAFETY");
    expect(safety.candidates![0].safetyRatings!.some((rating) => rating.blocked)).toBe(true);
    expect(usageOf(safety).candidatesTokenCount).toBeGreaterThan(0);

    const recitation = await generateWith(ai(), "recitation", small);
    expect(recitation.candidates![0]).toMatchObject({ finishReason: "RECITATION", content: { parts: [] } });
    expect(recitation.candidates![0].citationMetadata!.citations!.length).toBeGreaterThan(0);

    const imageSafety = await generateWith(ai(), "image-safety", small, "gemini-2.5-flash-image");
    expect(imageSafety.candidates![0].finishReason).toBe("IMAGE_SAFETY");
    expect(imageSafety.candidates![0].content).toBeUndefined();
  });

  it("cache-hit: cachedContentTokenCount is a part of the prompt's, with cacheTokensDetails; it combines with other answers", async () => {
    const usage = usageOf(await generateWith(ai(), "cache-hit", small));
    expect(usage.cachedContentTokenCount).toBe(258);
    expect(usage.cachedContentTokenCount!).toBeLessThanOrEqual(usage.promptTokenCount!);
    expect(usage.cacheTokensDetails).toEqual([{ modality: "IMAGE", tokenCount: 258 }]);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!);
    const both = await generateWith(ai(), "thought-parts+cache-hit", small);
    expect(both.candidates![0].content!.parts![0].thought).toBe(true);
    expect(usageOf(both).cachedContentTokenCount).toBe(258);
  });

  it("the old answers keep working: blocked, safety, truncate, bad_json", async () => {
    expect((await generateWith(ai(), "blocked", small)).promptFeedback?.blockReason).toBe("SAFETY");
    expect((await generateWith(ai(), "safety", small)).candidates![0].finishReason).toBe("SAFETY");
    const truncated = await generateWith(ai(), "truncate", small);
    expect(truncated.candidates![0].finishReason).toBe("MAX_TOKENS");
    expect(() => JSON.parse(truncated.text!)).toThrow();
    expect(JSON.parse((await generateWith(ai(), "bad_json", small)).text!)).toEqual({ unexpected: true });
  });

  it("stats sum what was billed: prompt, candidates, thoughts and cached tokens of the accepted answers", async () => {
    const answers = [
      await generateWith(ai(), null, small),
      await generateWith(ai(), "cache-hit", wide),
      await generateWith(ai(), null, wide, "gemini-2.5-flash", { maxOutputTokens: 50 }),
      await generateWith(ai(), "prompt-blocked", small),
    ];
    await failureOf(generateWith(ai(), "503", small));
    const sum = (pick: (usage: ReturnType<typeof usageOf>) => number | undefined) => answers.reduce((total, answer) => total + (pick(usageOf(answer)) ?? 0), 0);
    const stats = emulator.stats().projects.tok;
    expect(stats).toMatchObject({
      accepted: 4,
      promptTokens: sum((u) => u.promptTokenCount),
      candidatesTokens: sum((u) => u.candidatesTokenCount),
      thoughtsTokens: sum((u) => u.thoughtsTokenCount),
      cachedTokens: sum((u) => u.cachedContentTokenCount),
    });
    expect(stats.tokens).toBe(stats.promptTokens); // the old stat: input tokens admitted
    expect(stats.promptTokens + stats.candidatesTokens + stats.thoughtsTokens).toBe(sum((u) => u.totalTokenCount));
  });
});
