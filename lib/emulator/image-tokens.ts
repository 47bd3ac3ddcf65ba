import sharp from "sharp";

/** Google's rule: 258 tokens for an image with both sides ≤ 384 px, otherwise 258 per 768×768 tile. */
export function imageTokens(width: number, height: number) {
  if (width <= 384 && height <= 384) return 258;
  return Math.ceil(width / 768) * Math.ceil(height / 768) * 258;
}

export async function imageTokensOf(bytes: Buffer) {
  try {
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    return imageTokens(width, height);
  } catch {
    return 258;
  }
}
