import { createHash } from "node:crypto";
import sharp from "sharp";
import { imagePixels, nearestAspectRatio, type AspectRatio, type ImageSize } from "../gemini/image-models";

export interface GeneratedImageRequest {
  /** The request's first image, if any: the "product photo" the generated image is made from. */
  input: Buffer | null;
  aspectRatio: AspectRatio | null;
  imageSize: ImageSize;
  /** Decides the visible change: the same seed gives the same image, another seed another colour. */
  seed: string;
}

export interface GeneratedImage {
  png: Buffer;
  width: number;
  height: number;
  /** The frame's colour, #rrggbb: what tells two variants of one product apart. */
  frame: string;
}

/** The colour a seed gives: a saturated hue picked from its hash. */
export function frameColourOf(seed: string): { r: number; g: number; b: number; hex: string } {
  const hue = createHash("sha256").update(`${seed}:frame`).digest().readUInt16BE(0) % 360;
  const [r, g, b] = hslToRgb(hue, 0.7, 0.5);
  return { r, g, b, hex: `#${[r, g, b].map((value) => value.toString(16).padStart(2, "0")).join("")}` };
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const [r, g, b] = hue < 60 ? [chroma, x, 0] : hue < 120 ? [x, chroma, 0] : hue < 180 ? [0, chroma, x] : hue < 240 ? [0, x, chroma] : hue < 300 ? [x, 0, chroma] : [chroma, 0, x];
  return [r, g, b].map((value) => Math.round((value + m) * 255)) as [number, number, number];
}

async function sizeOf(input: Buffer | null) {
  if (!input) return null;
  try {
    const { width = 0, height = 0, orientation = 1 } = await sharp(input).metadata();
    if (!(width > 0 && height > 0)) return null;
    return orientation >= 5 ? { width: height, height: width } : { width, height }; // EXIF 5–8 turn the image a quarter
  } catch {
    return null; // not an image sharp reads: the model makes one from the prompt alone
  }
}

/**
 * A real PNG as an image model would answer an edit: the input product flattened onto a white background, its colours
 * turned by the seed's hue, inside a frame of the seed's colour, at the size Google makes for the aspect ratio (the input's
 * nearest when none is asked). Without a readable input, a gradient in the seed's colour. Deterministic per seed.
 */
export async function makeGeneratedImage(request: GeneratedImageRequest): Promise<GeneratedImage> {
  const size = await sizeOf(request.input);
  const ratio = request.aspectRatio ?? (size ? nearestAspectRatio(size.width, size.height) : "1:1");
  const { width, height } = imagePixels(ratio, request.imageSize);
  const frame = frameColourOf(request.seed);
  const border = Math.max(4, Math.round(Math.min(width, height) / 32));
  const inner = { width: width - 2 * border, height: height - 2 * border };
  const hueTurn = createHash("sha256").update(`${request.seed}:hue`).digest().readUInt16BE(0) % 360;
  const white = { r: 255, g: 255, b: 255, alpha: 1 };
  const body =
    size && request.input
      ? sharp(request.input).rotate().flatten({ background: white }).modulate({ hue: hueTurn }).resize({ ...inner, fit: "contain", background: white })
      : sharp(Buffer.from(gradientSvg(inner.width, inner.height, frame.hex)));
  const png = await sharp(await body.png().toBuffer())
    .extend({ top: border, bottom: border, left: border, right: border, background: { r: frame.r, g: frame.g, b: frame.b, alpha: 1 } })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return { png, width, height, frame: frame.hex };
}

const gradientSvg = (width: number, height: number, colour: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${colour}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
