import { imageTokensFor } from "../gemini/image-tokens";
import type { MediaResolutionSetting } from "../gemini/models";
import type { EmulatedModel } from "./known-models";

const RESOLUTIONS: Record<string, MediaResolutionSetting> = { MEDIA_RESOLUTION_LOW: "low", MEDIA_RESOLUTION_MEDIUM: "medium", MEDIA_RESOLUTION_HIGH: "high" };

/**
 * An image's size from its header (PNG, GIF, WebP, JPEG), without decoding it: create reads every line of a job of
 * 100,000 images to estimate its enqueued tokens, and must answer in seconds. Unknown formats count as a small image.
 */
export function imageSizeOf(bytes: Buffer): { width: number; height: number } {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length >= 10 && bytes.toString("latin1", 0, 3) === "GIF") return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.length >= 30 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") {
    const chunk = bytes.toString("latin1", 12, 16);
    if (chunk === "VP8X") return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
    if (chunk === "VP8L") {
      const bits = bytes.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1];
      const length = bytes.readUInt16BE(at + 2);
      const startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (startOfFrame) return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      at += 2 + length;
    }
  }
  return { width: 0, height: 0 };
}

type Part = { text?: unknown; inlineData?: { data?: unknown } };

/** The prompt tokens a (camelCase) request will use, as answer-model-call counts them: images by the model's rule, text / 4. */
export function estimateTokens(request: Record<string, unknown>, model: EmulatedModel): number {
  const config = (request.generationConfig ?? {}) as { mediaResolution?: string };
  const resolution = RESOLUTIONS[config.mediaResolution ?? ""] ?? "default";
  const contents = Array.isArray(request.contents) ? (request.contents as { parts?: Part[] }[]) : [];
  let textLength = 0;
  let tokens = 0;
  for (const part of contents.flatMap((content) => (Array.isArray(content?.parts) ? content.parts : []))) {
    if (typeof part?.text === "string") textLength += part.text.length + 1;
    if (typeof part?.inlineData?.data === "string") {
      // A header is in the first few KB; decoding only those keeps a large photo cheap.
      const head = Buffer.from(part.inlineData.data.slice(0, 87_384), "base64");
      const size = imageSizeOf(head);
      tokens += imageTokensFor(size.width, size.height, model.info, resolution);
    }
  }
  return tokens + Math.ceil(Math.max(0, textLength - 1) / 4);
}
