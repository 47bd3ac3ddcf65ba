import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";

export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
// A camera's 12-megapixel JPEG is 3–5 MB; a fixture outside that range would measure another kind of picture.
const PHOTO_MIN_BYTES = 3 * 1024 * 1024;
const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
// Bump when photo() changes, so that no cached fixture of the old recipe is measured.
const RECIPE = "v1";

/**
 * A 12 MP JPEG that compresses like a photo (~3.5 MB at quality 90, 4:2:0): gradients and a disc under grain, made
 * inside libvips. Grain is what makes a photo expensive to decode (entropy-coded detail), and what a flat test card lacks.
 */
export async function photo(seed: number): Promise<Buffer> {
  const [width, height] = [PHOTO_WIDTH, PHOTO_HEIGHT];
  const scene = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="#${(0x203040 + seed * 0x101010).toString(16).slice(-6)}"/><stop offset="1" stop-color="#e0b070"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${1200 + seed * 300}" cy="1400" r="900" fill="#3070c0" fill-opacity="0.6"/></svg>`,
  );
  const grain = await sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 36 } } }).blur(0.8).png({ compressionLevel: 0 }).toBuffer();
  return sharp(scene, { limitInputPixels: false }).composite([{ input: grain, blend: "overlay" }]).flatten().jpeg({ quality: 90 }).toBuffer();
}

/**
 * `count` distinct 12 MP photos, made once (≈ 4 s each here) and kept in the system's temp folder for later runs. Each is
 * checked to be 3–5 MB, as a camera's is.
 */
export async function cachedPhotos(count: number): Promise<Buffer[]> {
  const folder = path.join(os.tmpdir(), `loupe-bench-photos-${RECIPE}-${PHOTO_WIDTH}x${PHOTO_HEIGHT}`);
  mkdirSync(folder, { recursive: true });
  const photos: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const file = path.join(folder, `photo-${index + 1}.jpg`);
    if (!existsSync(file)) {
      const made = await photo(index + 1);
      writeFileSync(`${file}.part`, made);
      renameSync(`${file}.part`, file); // a run stopped midway leaves no half-written photo behind
    }
    const bytes = readFileSync(file);
    if (bytes.length < PHOTO_MIN_BYTES || bytes.length > PHOTO_MAX_BYTES) throw new Error(`${file} is ${(bytes.length / 1048576).toFixed(2)} MB, not the 3–5 MB of a 12 MP photo`);
    photos.push(bytes);
  }
  return photos;
}
