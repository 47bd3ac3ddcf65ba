import { describe, expect, it } from "vitest";
import { buildAnswer } from "../../lib/emulator/answers";
import { parseBehaviour } from "../../lib/emulator/behaviour";
import { ERROR_FAMILIES, errorFamily, type FaultContext } from "../../lib/emulator/error-bodies";
import { findModel, knownModelIds } from "../../lib/emulator/known-models";
import { fitIntoOutput, naturalThoughts, thinkingFor } from "../../lib/emulator/thinking";

const model = (id: string) => findModel(id)!;
const SEED = "a".repeat(64);

describe("emulator thinking", () => {
  it("follows each model's rules: never, off by default, budget-capped, and no budget 0 on 2.5 Pro", () => {
    const natural = naturalThoughts(SEED);
    expect(natural).toBeGreaterThanOrEqual(300);
    expect(natural).toBeLessThanOrEqual(1500);
    expect(thinkingFor(model("gemini-2.0-flash"), { thinkingConfig: { thinkingBudget: 500 } }, SEED)).toEqual({ thoughts: 0 });
    expect(thinkingFor(model("gemini-2.5-flash"), undefined, SEED)).toEqual({ thoughts: natural });
    expect(thinkingFor(model("gemini-2.5-flash-lite"), undefined, SEED)).toEqual({ thoughts: 0 });
    expect(thinkingFor(model("gemini-2.5-flash-lite"), { thinkingConfig: { thinkingBudget: 0 } }, SEED)).toEqual({ thoughts: 0 });
    expect(thinkingFor(model("gemini-2.5-flash"), { thinkingConfig: { thinkingBudget: 50 } }, SEED)).toEqual({ thoughts: 50 });
    expect(thinkingFor(model("gemini-2.5-flash"), { thinkingConfig: { thinkingBudget: 20_000 } }, SEED)).toEqual({ thoughts: natural });
    expect(thinkingFor(model("gemini-2.5-pro"), { thinkingConfig: { thinkingBudget: 0 } }, SEED)).toEqual({ refusal: "Budget 0 is invalid. This model only works in thinking mode." });
    expect(thinkingFor(model("gemini-2.5-pro"), { thinkingConfig: { thinkingBudget: 10 } }, SEED)).toEqual({ thoughts: 128 });
    expect(thinkingFor(model("gemini-2.5-flash-image"), undefined, SEED)).toEqual({ thoughts: 0 });
  });

  it("fits thoughts and the answer into maxOutputTokens, thoughts first", () => {
    expect(fitIntoOutput(300, 40, 1000)).toEqual({ thoughts: 300, answerTokens: 40, cut: "none" });
    expect(fitIntoOutput(300, 40, 320)).toEqual({ thoughts: 300, answerTokens: 20, cut: "answer" });
    expect(fitIntoOutput(300, 40, 200)).toEqual({ thoughts: 200, answerTokens: 0, cut: "all" });
    expect(fitIntoOutput(0, 40, 10)).toEqual({ thoughts: 0, answerTokens: 10, cut: "answer" });
  });
});

describe("emulator behaviours and bodies", () => {
  it("parses a name, its companions and the +sse modifier", () => {
    expect(parseBehaviour("429-day+sse", "request")).toMatchObject({ names: ["429-day"], sse: true });
    expect(parseBehaviour("thought-parts+cache-hit", "configured")).toMatchObject({ names: ["thought-parts", "cache-hit"], sse: false });
    expect(parseBehaviour("fail-first-2-500", "request").names).toEqual(["fail-first-2-500"]);
  });

  it("every family is a google.rpc error whose code matches its HTTP status", () => {
    const context: FaultContext = { model: "gemini-2.5-flash", method: "generateContent", apiVersion: "v1beta", project: "p", key: "AIzaUnitKey0001", promptTokens: 300, inputTokenLimit: 1_048_576 };
    for (const name of ERROR_FAMILIES) {
      const answer = errorFamily(name, context)!;
      expect(answer.body.error.code, name).toBe(answer.status);
      expect(answer.body.error.status, name).toMatch(/^[A-Z_]+$/);
      expect(answer.body.error.message.length, name).toBeGreaterThan(10);
      for (const detail of answer.body.error.details ?? []) expect((detail as { "@type": string })["@type"], name).toMatch(/^type\.googleapis\.com\/google\.rpc\./);
    }
    expect(errorFamily("no-such-family", context)).toBeNull();
  });

  it("knows the catalogue's models, the image model and added ones, and nothing else", () => {
    expect(knownModelIds()).toEqual(expect.arrayContaining(["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-image"]));
    expect(findModel("gemini-7")).toBeNull();
    expect(findModel("gemini-7", ["gemini-7"])?.info.thinking).not.toBeNull();
  });

  it("leaves zero counts out of usageMetadata and keeps total = prompt + candidates + thoughts", () => {
    const prompt = { image: 258, text: 5, total: 263 };
    const plain = buildAnswer({ model: "m", behaviours: [], output: '{"a":1}', prompt, thoughts: 0, maxOutputTokens: 100, includeThoughts: false, seed: SEED });
    expect(plain.body).toMatchObject({ usageMetadata: { promptTokenCount: 263, candidatesTokenCount: 2, totalTokenCount: 265 } });
    expect((plain.body as { usageMetadata: object }).usageMetadata).not.toHaveProperty("thoughtsTokenCount");
    const r1 = buildAnswer({ model: "m", behaviours: [], output: '{"a":1}', prompt, thoughts: 400, maxOutputTokens: 100, includeThoughts: false, seed: SEED });
    expect(r1.usage).toEqual({ promptTokens: 263, candidatesTokens: 0, thoughtsTokens: 100, cachedTokens: 0 });
    expect((r1.body as { usageMetadata: object }).usageMetadata).not.toHaveProperty("candidatesTokenCount");
  });
});
