import { describeSharpError, openImage } from "../images/open-image";

export interface LocalAnalysis {
  width: number;
  height: number;
  format: string;
  bytes: number;
  hasAlpha: boolean;
  transparent: boolean;
  brightness: number;
  contrast: number;
  sharpness: number;
  blurry: boolean;
  dominantColors: { hex: string; share: number }[];
  perceptualHash: string;
  exif: { orientation: number | null; density: number | null; space: string | null };
}

const BLUR_THRESHOLD = 100;
const hex = (value: number) => value.toString(16).padStart(2, "0");

/**
 * The offline analyzer (no Gemini key needed): dimensions, format, colours, brightness/contrast, a sharpness score
 * (variance of the Laplacian), transparency, and a 64-bit difference hash for near-duplicate detection.
 */
export async function analyzeLocally(bytes: Buffer): Promise<LocalAnalysis> {
  const { image, metadata } = await openImage(bytes);
  try {
    const grey = image.clone().greyscale().resize(256, 256, { fit: "inside", withoutEnlargement: true });
    const [greyStats, laplacian, hashPixels, colourPixels, fullStats] = await Promise.all([
      grey.clone().stats(),
      grey.clone().convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0], offset: 128 }).raw().toBuffer(),
      image.clone().greyscale().resize(9, 8, { fit: "fill" }).raw().toBuffer(),
      image.clone().removeAlpha().resize(32, 32, { fit: "fill" }).raw().toBuffer(),
      image.clone().stats(),
    ]);
    const mean = laplacian.reduce((sum, value) => sum + value, 0) / laplacian.length;
    const sharpness = laplacian.reduce((sum, value) => sum + (value - mean) ** 2, 0) / laplacian.length;

    let hashBits = 0n;
    for (let row = 0; row < 8; row++) {
      for (let column = 0; column < 8; column++) {
        hashBits = (hashBits << 1n) | (hashPixels[row * 9 + column] > hashPixels[row * 9 + column + 1] ? 1n : 0n);
      }
    }

    const buckets = new Map<string, { count: number; r: number; g: number; b: number }>();
    for (let i = 0; i < colourPixels.length; i += 3) {
      const key = `${colourPixels[i] >> 5}-${colourPixels[i + 1] >> 5}-${colourPixels[i + 2] >> 5}`;
      const bucket = buckets.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
      bucket.count += 1;
      bucket.r += colourPixels[i];
      bucket.g += colourPixels[i + 1];
      bucket.b += colourPixels[i + 2];
      buckets.set(key, bucket);
    }
    const pixels = colourPixels.length / 3;
    const dominantColors = [...buckets.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, 5)
      .map((bucket) => ({
        hex: `#${hex(Math.round(bucket.r / bucket.count))}${hex(Math.round(bucket.g / bucket.count))}${hex(Math.round(bucket.b / bucket.count))}`,
        share: Math.round((bucket.count / pixels) * 1000) / 1000,
      }));

    const alphaChannel = metadata.hasAlpha ? fullStats.channels[fullStats.channels.length - 1] : null;
    const channel = greyStats.channels[0];
    return {
      width: metadata.autoOrient?.width ?? metadata.width ?? 0,
      height: metadata.autoOrient?.height ?? metadata.height ?? 0,
      format: metadata.format ?? "unknown",
      bytes: bytes.length,
      hasAlpha: Boolean(metadata.hasAlpha),
      transparent: alphaChannel ? alphaChannel.min < 255 : false,
      brightness: Math.round((channel.mean / 255) * 1000) / 1000,
      contrast: Math.round((channel.stdev / 128) * 1000) / 1000,
      sharpness: Math.round(sharpness * 10) / 10,
      blurry: sharpness < BLUR_THRESHOLD,
      dominantColors,
      perceptualHash: hashBits.toString(16).padStart(16, "0"),
      exif: { orientation: metadata.orientation ?? null, density: metadata.density ?? null, space: metadata.space ?? null },
    };
  } catch (error) {
    throw describeSharpError(error);
  }
}

/** Bits that differ between two 64-bit perceptual hashes (0 = same picture). */
export function hammingDistance(a: string, b: string): number {
  let value = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (value) {
    count += Number(value & 1n);
    value >>= 1n;
  }
  return count;
}
