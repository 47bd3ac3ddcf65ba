import type { GenerateContentConfig, GenerateContentResponse } from "@google/genai";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { failureOf, imageContents, sdkFor } from "./emulator-sdk-helpers";

// The emulator as Google's image models ("Nano Banana") answer edits, through the real @google/genai SDK.
const KEY = "AIzaImagesKey00001";
const QUOTA = { rpm: 10_000, tpm: 100_000_000, rpd: 1_000_000 };
const MODEL = "gemini-2.5-flash-image";
const PROMPT = "The product alone on a pure white background, soft shadow.";

/** A red "product" in the middle of a transparent 800×600 canvas: what flattening to white must show. */
const productPhoto = () =>
  sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: { create: { width: 300, height: 300, channels: 4, background: { r: 220, g: 30, b: 30, alpha: 1 } } }, top: 150, left: 250 }])
    .png()
    .toBuffer();

const imagePartsOf = (response: GenerateContentResponse) => (response.candidates?.[0]?.content?.parts ?? []).filter((part) => part.inlineData && !part.thought);
const pngOf = (response: GenerateContentResponse) => Buffer.from(imagePartsOf(response)[0].inlineData!.data!, "base64");
async function pixel(png: Buffer, x: number, y: number) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

describe("emulator image models through @google/genai", () => {
  let emulator: GeminiEmulator;
  let photo: Buffer;
  const ai = () => sdkFor(emulator, KEY);
  const edit = (config: GenerateContentConfig = {}, behaviour?: string, model = MODEL, text = PROMPT) =>
    ai().models.generateContent({
      model,
      contents: imageContents(photo, text),
      config: { responseModalities: ["TEXT", "IMAGE"], ...config, ...(behaviour ? { httpOptions: { headers: { "x-emulate": behaviour } } } : {}) },
    });

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { img: QUOTA }, keys: { [KEY]: "img" } });
    photo = await productPhoto();
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ faults: undefined });
  });

  it("answers an edit with a text part and a real PNG made from the input: the input's nearest ratio (4:3 → 1184×864), white background, a frame", async () => {
    const response = await edit();
    const parts = response.candidates![0].content!.parts!;
    expect(parts.map((part) => (part.text ? "text" : part.inlineData?.mimeType))).toEqual(["text", "image/png"]);
    expect(response.candidates![0].finishReason).toBe("STOP");
    const png = pngOf(response);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1184, 864]);
    // The transparent background is white now (inside the frame), the product is still there, the frame is coloured.
    expect(await pixel(png, 80, 432)).toEqual([255, 255, 255]);
    const [r, g, b] = await pixel(png, 592, 432);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(100); // saturated: the product, hue turned
    const frame = await pixel(png, 3, 3);
    expect(frame).not.toEqual([255, 255, 255]);
    expect(emulator.stats().images).toBe(1);
  });

  it("bills the image as Google does: 1290 output tokens listed as IMAGE in candidatesTokensDetails, total = prompt + candidates", async () => {
    const usage = (await edit()).usageMetadata!;
    expect(usage.candidatesTokensDetails).toEqual([
      { modality: "IMAGE", tokenCount: 1290 },
      { modality: "TEXT", tokenCount: expect.any(Number) },
    ]);
    const text = usage.candidatesTokensDetails!.find((detail) => detail.modality === "TEXT")!.tokenCount!;
    expect(usage.candidatesTokenCount).toBe(1290 + text);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount!);
    expect(usage.promptTokensDetails!.find((detail) => detail.modality === "IMAGE")!.tokenCount).toBe(258 * 4); // 800×600: 2×2 tiles
    expect(usage.thoughtsTokenCount).toBeUndefined();
  });

  it("is deterministic per request and differs per seed: the same call gives the same bytes, another generationConfig.seed another frame", async () => {
    const first = pngOf(await edit({ seed: 1 }));
    const again = pngOf(await edit({ seed: 1 }));
    const second = pngOf(await edit({ seed: 2 }));
    const third = pngOf(await edit({ seed: 3 }));
    expect(again.equals(first)).toBe(true);
    const frames = await Promise.all([first, second, third].map((png) => pixel(png, 3, 3)));
    expect(new Set(frames.map((frame) => frame.join(","))).size).toBe(3);
  });

  it("follows imageConfig: 16:9 is 1344×768; IMAGE alone has no text part; 3 Pro Image at 2K is 2048×2048 for 1120 tokens", async () => {
    const wide = await edit({ responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "16:9" } });
    expect(wide.candidates![0].content!.parts!.every((part) => part.text === undefined)).toBe(true);
    expect(await sharp(pngOf(wide)).metadata()).toMatchObject({ width: 1344, height: 768 });
    expect(wide.usageMetadata!.candidatesTokensDetails).toEqual([{ modality: "IMAGE", tokenCount: 1290 }]);

    const pro = await edit({ responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "1:1", imageSize: "2K" } }, undefined, "gemini-3-pro-image-preview");
    expect(await sharp(pngOf(pro)).metadata()).toMatchObject({ width: 2048, height: 2048 });
    expect(pro.usageMetadata!.candidatesTokenCount).toBe(1120);
  });

  it("thought-image: a thought image part comes before the answer's image", async () => {
    const parts = (await edit({}, "thought-image")).candidates![0].content!.parts!;
    expect(parts[0]).toMatchObject({ thought: true, inlineData: { mimeType: "image/png" } });
    expect(imagePartsOf((await edit({}, "thought-image")))).toHaveLength(1);
  });

  it("image-safety families: finish reasons with no content, NO_IMAGE, text only, prompt blocks; selected by header, marker or configured fault", async () => {
    const safety = await edit({}, "image-safety");
    expect(safety.candidates![0].finishReason).toBe("IMAGE_SAFETY");
    // The SDK drops finishMessage (its converter does not copy it): read it off the wire.
    const raw = await fetch(`${emulator.url}/v1beta/models/${MODEL}:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": KEY, "x-emulate": "image-safety", "content-type": "application/json" },
      body: JSON.stringify({ contents: imageContents(photo, PROMPT), generationConfig: { responseModalities: ["IMAGE"] } }),
    }).then((response) => response.json());
    expect(raw.candidates[0]).toEqual({ content: { role: "model" }, finishReason: "IMAGE_SAFETY", finishMessage: expect.stringMatching(/^Unable to show the generated image/), index: 0 });
    expect(safety.candidates![0].content?.parts).toBeUndefined();
    expect(safety.usageMetadata!.candidatesTokensDetails).toEqual([{ modality: "IMAGE", tokenCount: 1290 }]); // made, then withheld

    for (const [behaviour, reason] of [["image-prohibited-content", "IMAGE_PROHIBITED_CONTENT"], ["image-recitation", "IMAGE_RECITATION"], ["image-other", "IMAGE_OTHER"], ["prohibited-content", "PROHIBITED_CONTENT"]]) {
      expect((await edit({}, behaviour)).candidates![0].finishReason).toBe(reason);
    }
    const noImage = await edit({}, "no-image");
    expect(noImage.candidates![0].finishReason).toBe("NO_IMAGE");
    expect(noImage.usageMetadata!.candidatesTokenCount).toBeUndefined();

    const textOnly = await edit({}, "text-only");
    expect(textOnly.candidates![0].finishReason).toBe("STOP");
    expect(textOnly.text).toMatch(/Here it is/);
    expect(imagePartsOf(textOnly)).toHaveLength(0);

    expect((await edit({}, "prompt-image-safety")).promptFeedback).toEqual({ blockReason: "IMAGE_SAFETY" });
    expect((await edit({}, "prompt-blocked")).candidates).toBeUndefined();

    // A marker in the prompt, and a fault configured for the key, select a family as they do for text models.
    expect((await edit({}, undefined, MODEL, `${PROMPT} EMULATE:image-safety`)).candidates![0].finishReason).toBe("IMAGE_SAFETY");
    emulator.configure({ faults: { keys: { [KEY]: "no-image" } } });
    expect((await edit()).candidates![0].finishReason).toBe("NO_IMAGE");
    expect(emulator.stats().images).toBe(0);
  });

  it("a text model asked for IMAGE answers Google's 400 INVALID_ARGUMENT about response modalities", async () => {
    const { status, body } = await failureOf(edit({}, undefined, "gemini-2.5-flash"));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "Model does not support the requested response modalities: text,image" });
  });

  it("with no input image makes one from the prompt alone (1:1 by default)", async () => {
    const response = await ai().models.generateContent({ model: MODEL, contents: [{ role: "user", parts: [{ text: "A teapot." }] }], config: { responseModalities: ["IMAGE"] } });
    expect(await sharp(pngOf(response)).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
  });
});
