import { describeSharpError, openImage } from "./open-image";
import { withPreparationSlot } from "./work-slots";

export interface PreparedImage {
  bytes: Buffer;
  mimeType: string;
  original: { width: number; height: number; bytes: number };
  sent: { width: number; height: number; bytes: number };
}

/**
 * Before a Gemini call: upright by EXIF, longest side ≤ maxSide (never enlarged), re-encoded, metadata stripped. One of
 * PREPARATION_CONCURRENCY at a time in this process (a CPU-bound worker's photos queue here instead of in libuv's pool).
 */
export function prepareImageForModel(bytes: Buffer, options: { maxSide?: number; format?: "jpeg" | "webp" } = {}): Promise<PreparedImage> {
  return withPreparationSlot(() => prepare(bytes, options));
}

async function prepare(bytes: Buffer, { maxSide = 1536, format = "jpeg" as "jpeg" | "webp" }): Promise<PreparedImage> {
  const { image, metadata } = await openImage(bytes);
  try {
    const resized = image.resize(maxSide, maxSide, { fit: "inside", withoutEnlargement: true }).flatten({ background: "#ffffff" });
    const { data, info } = await (format === "webp" ? resized.webp({ quality: 85 }) : resized.jpeg({ quality: 85, mozjpeg: false })).toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      mimeType: format === "webp" ? "image/webp" : "image/jpeg",
      original: { width: metadata.autoOrient?.width ?? metadata.width ?? 0, height: metadata.autoOrient?.height ?? metadata.height ?? 0, bytes: bytes.length },
      sent: { width: info.width, height: info.height, bytes: data.length },
    };
  } catch (error) {
    throw describeSharpError(error);
  }
}
