import { Readable } from "node:stream";
import sharp from "sharp";
import type { LoupeStorage } from "../../lib/storage";

/** A real photo-like image: a gradient with a coloured disc, so every encoder has detail to work on. */
export async function gradientImage(width: number, height: number, format: "png" | "jpeg" | "webp" = "jpeg", { alpha = false } = {}) {
  const disc = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    ${alpha ? "" : `<rect width="100%" height="100%" fill="url(#g)"/>`}
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#dc2626"/></svg>`;
  const image = sharp(Buffer.from(disc));
  return format === "png" ? image.png().toBuffer() : format === "webp" ? image.webp().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}

/** Stores images as uploads do and answers what POST /batches {images} takes. */
export async function storeImages(storage: LoupeStorage, images: { name: string; bytes: Buffer; mimeType?: string }[]) {
  return Promise.all(
    images.map(async (image) => {
      const stored = await storage.put(Readable.from([image.bytes]));
      return { sha256: stored.sha256, name: image.name, bytes: stored.bytes, mimeType: image.mimeType ?? "image/jpeg" };
    }),
  );
}
