import sharp from "sharp";
import { AnalysisError } from "../errors";

// Refuse decompression bombs before decoding: 100 megapixels is far beyond any catalogue photo.
export const MAX_INPUT_PIXELS = 100_000_000;

/** A sharp pipeline over the image's first frame, auto-rotated by EXIF, with bomb protection and clear errors. */
export async function openImage(bytes: Buffer) {
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, pages: 1, failOn: "error" });
  try {
    const metadata = await image.metadata();
    if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) {
      throw new AnalysisError("image_too_large", `The image is ${metadata.width}×${metadata.height} pixels, over the ${MAX_INPUT_PIXELS / 1e6} megapixel limit.`, { retryable: false });
    }
    return { image: image.rotate(), metadata };
  } catch (error) {
    throw describeSharpError(error);
  }
}

export function describeSharpError(error: unknown): AnalysisError {
  if (error instanceof AnalysisError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (/pixel limit/i.test(message)) return new AnalysisError("image_too_large", "The image has too many pixels to process safely (over 100 megapixels).", { retryable: false });
  if (/unsupported image format|heif|bad seek|no decoding plugin/i.test(message)) return new AnalysisError("image_unsupported", "This image format is not supported (use JPEG, PNG, WebP, GIF, AVIF or TIFF).", { retryable: false });
  return new AnalysisError("image_invalid", `The file could not be read as an image: ${message.replace(/^Input buffer /, "")}.`, { retryable: false });
}
