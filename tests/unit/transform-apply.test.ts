import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { LoupeError } from "../../lib/errors";
import { applyOperations } from "../../lib/transforms/apply-operations";
import { parseOperations } from "../../lib/transforms/parse-operations";

// Real sharp on small images made here: what each operation does to the pixels, and that the list's order is kept.
const run = (bytes: Buffer, operations: unknown[]) => applyOperations(bytes, parseOperations(operations));

/** Left half red, right half blue, 200×100, no alpha. */
function halves() {
  const pixels = Buffer.alloc(200 * 100 * 3);
  for (let i = 0; i < 200 * 100; i++) pixels[i * 3 + (i % 200 < 100 ? 0 : 2)] = 255;
  return sharp(pixels, { raw: { width: 200, height: 100, channels: 3 } }).png().toBuffer();
}

/** A busy test card: noise, so filters and resizes leave measurable differences. */
async function noise(width = 240, height = 160) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A 40×30 black block on a white 100×80 ground. */
function framedSquare() {
  const pixels = Buffer.alloc(100 * 80 * 3, 255);
  for (let y = 20; y < 50; y++) pixels.fill(0, (y * 100 + 30) * 3, (y * 100 + 70) * 3);
  return sharp(pixels, { raw: { width: 100, height: 80, channels: 3 } }).png().toBuffer();
}

async function pixel(bytes: Buffer, x: number, y: number) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + info.channels)];
}

async function refusal(promise: Promise<unknown>): Promise<LoupeError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof LoupeError)) throw new Error(`expected a LoupeError, got ${String(error)}`);
  return error;
}

describe("applying operations with sharp", () => {
  it("the issue's example: resize, flatten, webp", async () => {
    const transparent = await sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const result = await run(transparent, [{ op: "resize", width: 100 }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "webp" }]);
    expect([result.format, result.mimeType, result.width, result.height, result.stages]).toEqual(["webp", "image/webp", 100, 50, 1]);
    const metadata = await sharp(result.data).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual(["webp", 100, 50, false]);
    expect(await pixel(result.data, 50, 25)).toEqual([255, 255, 255]);
  });

  it("keeps list order: resize then rotate is not rotate then resize", async () => {
    const image = await noise();
    const resizeFirst = await run(image, [{ op: "resize", width: 100, height: 50, fit: "fill" }, { op: "rotate", angle: 90 }]);
    const rotateFirst = await run(image, [{ op: "rotate", angle: 90 }, { op: "resize", width: 100, height: 50, fit: "fill" }]);
    expect([resizeFirst.width, resizeFirst.height]).toEqual([50, 100]);
    expect([rotateFirst.width, rotateFirst.height]).toEqual([100, 50]);
  });

  it("keeps list order across pipelines: blur then resize equals sharp's two steps, and differs from resize then blur", async () => {
    const image = await noise();
    const blurFirst = await run(image, [{ op: "blur", sigma: 3 }, { op: "resize", width: 60 }, { op: "format", format: "png" }]);
    expect(blurFirst.stages).toBe(2);
    const twoSteps = await sharp(await sharp(image).blur(3).png().toBuffer()).resize({ width: 60, fit: "inside" }).raw().toBuffer();
    const ours = await sharp(blurFirst.data).raw().toBuffer();
    const differences = ours.reduce((sum, value, i) => sum + Math.abs(value - twoSteps[i]), 0) / ours.length;
    expect(differences).toBeLessThan(1);
    // On a hard edge the order shows: blurring the small image smears the edge over many more of its pixels.
    const edge = await halves();
    const blurThenResize = await sharp((await run(edge, [{ op: "blur", sigma: 3 }, { op: "resize", width: 50 }])).data).raw().toBuffer();
    const resizeThenBlur = await sharp((await run(edge, [{ op: "resize", width: 50 }, { op: "blur", sigma: 3 }])).data).raw().toBuffer();
    const apart = Math.max(...blurThenResize.map((value, i) => Math.abs(value - resizeThenBlur[i])));
    expect(apart).toBeGreaterThan(40);
  });

  it("two of a kind both apply (sharp alone would keep only the last)", async () => {
    const result = await run(await noise(), [{ op: "resize", width: 120 }, { op: "resize", width: 30 }]);
    expect([result.width, result.height, result.stages]).toEqual([30, 20, 2]);
    const twice = await run(await halves(), [{ op: "flop" }, { op: "flop" }]);
    expect(await pixel(twice.data, 10, 10)).toEqual([255, 0, 0]);
  });

  it("crop: an exact region, and a strategy that keeps width × height", async () => {
    const region = await run(await halves(), [{ op: "crop", left: 150, top: 10, width: 40, height: 30 }]);
    expect([region.width, region.height]).toEqual([40, 30]);
    expect(await pixel(region.data, 5, 5)).toEqual([0, 0, 255]);
    for (const strategy of ["attention", "entropy"]) {
      const smart = await run(await noise(), [{ op: "crop", strategy, width: 64, height: 64 }]);
      expect([smart.width, smart.height]).toEqual([64, 64]);
    }
  });

  it("flip, flop, rotate, grayscale, flatten, contrast, saturation, trim do what they say", async () => {
    const flopped = await run(await halves(), [{ op: "flop" }]);
    expect(await pixel(flopped.data, 10, 10)).toEqual([0, 0, 255]);
    const turned = await run(await halves(), [{ op: "rotate", angle: 90 }]);
    expect([turned.width, turned.height]).toEqual([100, 200]);
    expect(await pixel(turned.data, 50, 10)).toEqual([255, 0, 0]);
    const tilted = await run(await halves(), [{ op: "rotate", angle: 30, background: "#00ff00" }]);
    expect(tilted.width).toBeGreaterThan(200);
    expect(await pixel(tilted.data, 0, 0)).toEqual([0, 255, 0]);
    // sharp keeps three (equal) channels for a grey result: web-friendly sRGB.
    const grey = await run(await halves(), [{ op: "grayscale" }, { op: "format", format: "png" }]);
    const [red, green, blue] = await pixel(grey.data, 10, 10);
    expect(red).toBeGreaterThan(40);
    expect([green, blue]).toEqual([red, red]);
    const flat = await run(await halves(), [{ op: "contrast", factor: 0 }]);
    expect(await pixel(flat.data, 10, 10)).toEqual([128, 128, 128]);
    const desaturated = await run(await halves(), [{ op: "saturation", factor: 0 }]);
    const [r, g, b] = await pixel(desaturated.data, 10, 10);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(3);
    const framed = await framedSquare();
    const trimmed = await run(framed, [{ op: "trim" }]);
    expect([trimmed.width, trimmed.height]).toEqual([40, 30]);
    const dark = await run(await halves(), [{ op: "brightness", factor: 0.5 }]);
    expect((await pixel(dark.data, 10, 10))[0]).toBeLessThan(200);
  });

  it("the filters run and keep the size: blur, sharpen, median, emboss, edge, contour", async () => {
    const image = await noise();
    for (const operation of [{ op: "blur", sigma: 1 }, { op: "sharpen" }, { op: "sharpen", sigma: 2 }, { op: "median", size: 5 }, { op: "emboss" }, { op: "edge" }, { op: "contour" }]) {
      const result = await run(image, [operation]);
      expect([result.width, result.height], JSON.stringify(operation)).toEqual([240, 160]);
    }
    const white = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#ffffff" } }).png().toBuffer();
    expect(await pixel((await run(white, [{ op: "contour" }])).data, 10, 10)).toEqual([255, 255, 255]);
    expect(await pixel((await run(white, [{ op: "edge" }])).data, 10, 10)).toEqual([0, 0, 0]);
  });

  it("writes every format it names, with the right bytes; the default is the input's format", async () => {
    const image = await noise();
    const magic: Record<string, (bytes: Buffer) => boolean> = {
      jpeg: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8,
      png: (bytes) => bytes.subarray(1, 4).toString() === "PNG",
      webp: (bytes) => bytes.subarray(8, 12).toString() === "WEBP",
      avif: (bytes) => bytes.subarray(4, 12).toString() === "ftypavif",
      tiff: (bytes) => bytes.subarray(0, 2).toString() === "II" || bytes.subarray(0, 2).toString() === "MM",
      gif: (bytes) => bytes.subarray(0, 3).toString() === "GIF",
    };
    for (const [format, looksRight] of Object.entries(magic)) {
      const result = await run(image, [{ op: "format", format }]);
      expect(looksRight(result.data), format).toBe(true);
      expect(result.mimeType).toBe(`image/${format}`);
    }
    const small = await run(image, [{ op: "format", format: "jpeg", quality: 10 }]);
    const large = await run(image, [{ op: "format", format: "jpeg", quality: 95 }]);
    expect(small.data.length).toBeLessThan(large.data.length);
    const jpeg = await sharp(image).jpeg().toBuffer();
    expect((await run(jpeg, [{ op: "flip" }])).format).toBe("jpeg");
    expect((await run(image, [{ op: "flip" }])).format).toBe("png");
  });

  it("turns a photo upright by its EXIF orientation before the operations", async () => {
    const sideways = await sharp({ create: { width: 100, height: 50, channels: 3, background: "#888888" } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const result = await run(sideways, [{ op: "resize", width: 25 }]);
    expect([result.width, result.height]).toEqual([25, 50]);
  });

  it("refuses clearly: a crop outside the image after a trim, a corrupt file, a decompression bomb", async () => {
    const framed = await framedSquare();
    const outside = await refusal(run(framed, [{ op: "trim" }, { op: "crop", left: 0, top: 0, width: 60, height: 10 }]));
    expect([outside.status, outside.code, outside.message]).toEqual([400, "crop_outside_image", "operations[1] (crop) goes past the right edge: left 0 + width 60 = 60, but the image is 40 pixels wide."]);
    const corrupt = await refusal(run(Buffer.concat([(await noise()).subarray(0, 200)]), [{ op: "flip" }]));
    expect([corrupt.status, corrupt.code]).toEqual([400, "image_invalid"]);
    expect(corrupt.message).not.toMatch(/\n/);
    const bomb = readFileSync(path.join(import.meta.dirname, "../corpus/images/bomb-60000x60000.png"));
    const refused = await refusal(run(bomb, [{ op: "flip" }]));
    expect([refused.status, refused.code]).toEqual([413, "image_too_large"]);
  });
});
