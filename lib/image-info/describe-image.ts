import { z } from "zod";
import { analyzeLocally } from "../analysis/analyze-locally";
import { AnalysisError, LoupeError } from "../errors";
import { openImage } from "../images/open-image";
import { perceptualHash } from "./perceptual-hash";
import { detectFaces, type DetectedFace } from "./detect-faces";
import { recognizeText, type RecognizedText } from "./recognize-text";
import { summarizeExif, type ExifSummary } from "./summarize-exif";

/** What Loupe can tell about an image without Gemini. Faces, when asked; other objects are not among it (Gemini templates). */
export interface ImageInfo {
  width: number;
  height: number;
  format: string;
  mimeType: string;
  bytes: number;
  colorSpace: string | null;
  channels: number | null;
  bitDepth: string | null;
  hasAlpha: boolean;
  transparent: boolean;
  /** Pixels per inch, when the file says. */
  density: number | null;
  hasIccProfile: boolean;
  exif: ExifSummary | null;
  dominantColors: { hex: string; share: number }[];
  /** Mean luminance, 0 (black) – 1 (white). */
  brightness: number;
  /** Luminance spread (standard deviation / 128): about 0 flat, 0.5 and up strong. */
  contrast: number;
  /** Variance of the Laplacian at 256 px: higher is sharper; under 100 reads as blurry. */
  sharpness: number;
  blurry: boolean;
  /** dHash (gradients) and pHash (DCT), 64 bits each as hex: compare with Hamming distance, under ~10 is a near-duplicate. */
  perceptualHash: { dHash: string; pHash: string };
  /** Only when asked for (ocr=1). */
  text?: RecognizedText;
  /** Only when asked for (faces=1): each face, left to right, its box in fractions of the image. */
  faces?: DetectedFace[];
  faceDetection?: { durationMs: number };
}

const flag = (name: string) => z.enum(["1", "0", "true", "false"], { error: `${name} must be 1 or 0` }).optional().transform((value) => value === "1" || value === "true");

export const imageInfoQuerySchema = z.object({
  url: z.string({ error: "url is required: the http(s) address of the image (or POST the file as multipart `image`)" }).trim().min(1, { error: "url is required" }).optional(),
  ocr: flag("ocr"),
  faces: flag("faces"),
});

const BIT_DEPTHS: Record<string, string> = { uchar: "8-bit", char: "8-bit", ushort: "16-bit", short: "16-bit", uint: "32-bit", int: "32-bit", float: "32-bit float", double: "64-bit float" };

function asLoupeError(error: unknown): unknown {
  if (!(error instanceof AnalysisError)) return error;
  const status = error.code === "image_too_large" ? 413 : error.code === "image_unsupported" ? 415 : 400;
  return new LoupeError(status, error.code, error.message.split("\n")[0]);
}

/** Metadata, EXIF summary, colours, exposure and sharpness statistics, perceptual hashes, with `ocr` the text, with `faces` the faces. */
export async function describeImage(bytes: Buffer, mimeType: string, options: { ocr?: boolean; faces?: boolean } = {}): Promise<ImageInfo> {
  try {
    const { image, metadata } = await openImage(bytes);
    const [local, pHash, text, faces] = await Promise.all([
      analyzeLocally(bytes),
      perceptualHash(image),
      options.ocr ? recognizeText(bytes) : undefined,
      options.faces ? detectFaces(bytes) : undefined,
    ]);
    return {
      width: local.width,
      height: local.height,
      format: local.format,
      mimeType,
      bytes: bytes.length,
      colorSpace: metadata.space ?? null,
      channels: metadata.channels ?? null,
      bitDepth: metadata.depth ? (BIT_DEPTHS[metadata.depth] ?? metadata.depth) : null,
      hasAlpha: local.hasAlpha,
      transparent: local.transparent,
      density: metadata.density ?? null,
      hasIccProfile: Boolean(metadata.icc?.length),
      exif: summarizeExif(metadata.exif),
      dominantColors: local.dominantColors,
      brightness: local.brightness,
      contrast: local.contrast,
      sharpness: local.sharpness,
      blurry: local.blurry,
      perceptualHash: { dHash: local.perceptualHash, pHash },
      ...(text ? { text } : {}),
      ...(faces ? { faces: faces.faces, faceDetection: { durationMs: faces.durationMs } } : {}),
    };
  } catch (error) {
    throw asLoupeError(error);
  }
}
