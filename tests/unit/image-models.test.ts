import { describe, expect, it } from "vitest";
import { costMicros } from "../../lib/costs/prices";
import { imageModelInfo, imageOutputTokensFor, imagePixels, nearestAspectRatio } from "../../lib/gemini/image-models";
import { billedTokens } from "../../lib/gemini/usage";

describe("image models", () => {
  it("sizes: Google's 1K table per aspect ratio, doubled at 2K, and the input's nearest ratio when none is asked", () => {
    expect(imagePixels("1:1")).toEqual({ width: 1024, height: 1024 });
    expect(imagePixels("16:9")).toEqual({ width: 1344, height: 768 });
    expect(imagePixels("3:4", "2K")).toEqual({ width: 1728, height: 2368 });
    expect(nearestAspectRatio(800, 600)).toBe("4:3");
    expect(nearestAspectRatio(1080, 1920)).toBe("9:16");
    expect(nearestAspectRatio(500, 500)).toBe("1:1");
    expect(nearestAspectRatio(0, 0)).toBe("1:1");
  });

  it("an image costs $0.039 on 2.5 Flash Image (1290 tokens at $30 per million), $0.0195 through the Batch API", () => {
    const model = imageModelInfo("gemini-2.5-flash-image");
    const tokens = { inputTokens: 0, outputTokens: imageOutputTokensFor(model), imageOutputTokens: 1290 };
    expect(costMicros(model, tokens)).toBe(38_700);
    expect(costMicros(model, tokens, "batch")).toBe(19_350);
    // Text output beside the image stays at the text price; input at $0.30 per million.
    expect(costMicros(model, { inputTokens: 1_000, outputTokens: 1_300, imageOutputTokens: 1_290 })).toBe(300 + 10 * 2.5 + 38_700);
    expect(costMicros(imageModelInfo("gemini-3-pro-image-preview"), { inputTokens: 0, outputTokens: 2000, imageOutputTokens: 2000 })).toBe(240_000);
  });

  it("billedTokens reads the image's tokens from candidatesTokensDetails", () => {
    const usage = { promptTokenCount: 1040, candidatesTokenCount: 1307, totalTokenCount: 2347, candidatesTokensDetails: [{ modality: "IMAGE" as never, tokenCount: 1290 }, { modality: "TEXT" as never, tokenCount: 17 }] };
    expect(billedTokens(usage)).toMatchObject({ inputTokens: 1040, outputTokens: 1307, imageOutputTokens: 1290 });
  });
});
