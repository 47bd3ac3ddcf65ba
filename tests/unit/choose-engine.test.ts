import { describe, expect, it } from "vitest";
import { chooseAutoEngine } from "../../lib/execution/choose-engine";

describe("what auto runs a batch on", () => {
  it.each([
    ["the offline analyzer", { basis: "offline", minutes: null, imagesPerDay: null }, { engine: "interactive", reason: "offline" }],
    ["more images than a day's quota, however quick a minute is", { basis: "template", minutes: 10, imagesPerDay: 30_000 }, { engine: "batch", reason: "over_daily_quota" }],
    ["interactive calls longer than GEMINI_AUTO_BATCH_MINUTES", { basis: "history", minutes: 121, imagesPerDay: null }, { engine: "batch", reason: "too_long" }],
    ["exactly the threshold", { basis: "template", minutes: 120, imagesPerDay: null }, { engine: "interactive", reason: "quick_enough" }],
    ["no rate known", { basis: "template", minutes: null, imagesPerDay: null }, { engine: "interactive", reason: "quick_enough" }],
  ])("%s", (_, estimate, choice) => {
    expect(chooseAutoEngine(estimate, 120)).toEqual(choice);
  });
});
