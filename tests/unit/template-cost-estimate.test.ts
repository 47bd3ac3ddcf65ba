import { describe, expect, it } from "vitest";
import { modelCatalogue } from "../../lib/gemini/models";
import { describeModels } from "../../lib/templates/describe-models";
import { answerTokensOf, estimateCallCost, formatUsd, outputRoom, thinkingAllowed } from "../../lib/templates/estimate-call-cost";

const catalogue = describeModels({ models: modelCatalogue(), GEMINI_MODEL: "gemini-2.5-flash", IMAGE_MAX_SIDE: 1536 });
const model = (id: string) => catalogue.models.find((entry) => entry.id === id)!;
const fields = [{ name: "caption", type: "string" as const }, { name: "tags", type: "list" as const, items: { name: "tag", type: "string" as const } }];
const template = { promptChars: 400, fields };

describe("what the template editor says each choice costs", () => {
  it("a typical 1536×1152 photo on 2.5 Flash with thinking off: 1,032 image tokens, no thoughts", () => {
    const estimate = estimateCallCost(catalogue, model("gemini-2.5-flash"), { thinking: "off", mediaResolution: "default", maxOutputTokens: null }, template);
    expect(estimate.imageTokens).toBe(1032);
    expect(estimate.promptTokens).toBe(1032 + 100);
    expect(estimate.answerTokens).toBe(answerTokensOf(fields));
    expect(estimate.thoughtsTokens).toBe(0);
    expect(estimate.outputRoom).toBe(catalogue.answerTokens);
    // 1,000 × (1,132 × $0.30 + 250 × $2.50) / 1M
    expect(estimate.costPer1000Usd).toBeCloseTo((1132 * 0.3 + answerTokensOf(fields) * 2.5) / 1000, 10);
    expect(estimate.thoughtsPer1000Usd).toBe(0);
  });

  it("LOW media resolution is 64 tokens an image; thinking is billed as output up to its budget, capped by the output room", () => {
    const flash = model("gemini-2.5-flash");
    const low = estimateCallCost(catalogue, flash, { thinking: "off", mediaResolution: "low", maxOutputTokens: null }, template);
    expect(low.imageTokens).toBe(64);
    const budget = estimateCallCost(catalogue, flash, { thinking: 4096, mediaResolution: "default", maxOutputTokens: null }, template);
    expect(budget.thoughtsTokens).toBe(4096);
    expect(budget.outputRoom).toBe(catalogue.answerTokens + 4096);
    expect(budget.thoughtsPer1000Usd).toBeCloseTo((4096 * 2.5) / 1000, 10);
    const capped = estimateCallCost(catalogue, flash, { thinking: "dynamic", mediaResolution: "default", maxOutputTokens: 3000 }, template);
    expect(capped.thoughtsTokens).toBe(3000);
    expect(capped.answerTokens).toBe(0); // dynamic thinking may take the whole room: that is an answer cut short
  });

  it("2.5 Pro cannot stop thinking: off still means 128 thoughts; budgets are clamped to the model's range", () => {
    const pro = model("gemini-2.5-pro");
    expect(thinkingAllowed(pro, "off")).toBe(128);
    expect(thinkingAllowed(pro, 10)).toBe(128);
    expect(thinkingAllowed(model("gemini-2.5-flash"), 100_000)).toBe(24_576);
    expect(thinkingAllowed(model("gemini-2.0-flash"), "dynamic")).toBe(0);
    expect(outputRoom(catalogue, pro, { thinking: "off", maxOutputTokens: null })).toBe(catalogue.answerTokens + 128);
  });

  it("formats small dollar amounts without exponents", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.31)).toBe("$0.31");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0.000041234)).toBe("$0.000041");
    expect(formatUsd(1.5e-8)).not.toMatch(/e/);
    expect(formatUsd(1234.5)).toBe("$1235");
  });
});
