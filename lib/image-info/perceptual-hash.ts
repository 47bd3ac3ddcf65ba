import type { Sharp } from "sharp";

const SIZE = 32;
const KEEP = 8;

// cos((2x + 1) u π / 2N) for every x, u: the DCT's basis, computed once.
const COSINES = Array.from({ length: KEEP }, (_, u) => Array.from({ length: SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))));

/**
 * pHash: the image as 32×32 grey, its 2-D DCT, and one bit per low frequency (the top-left 8×8) above their median (the DC
 * term left out). Unlike the dHash it survives mild crops, rescaling and recompression; 64 bits as 16 hex digits.
 */
export async function perceptualHash(image: Sharp): Promise<string> {
  const pixels = await image.clone().greyscale().resize(SIZE, SIZE, { fit: "fill" }).raw().toBuffer();
  const rows = Array.from({ length: SIZE }, (_, y) => Array.from({ length: KEEP }, (_, u) => {
    let sum = 0;
    for (let x = 0; x < SIZE; x++) sum += pixels[y * SIZE + x] * COSINES[u][x];
    return sum;
  }));
  const coefficients: number[] = [];
  for (let v = 0; v < KEEP; v++) {
    for (let u = 0; u < KEEP; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y][u] * COSINES[v][y];
      coefficients.push(sum);
    }
  }
  const sorted = coefficients.slice(1).sort((a, b) => a - b);
  const median = (sorted[31] + sorted[32]) / 2;
  let bits = 0n;
  for (const coefficient of coefficients) bits = (bits << 1n) | (coefficient > median ? 1n : 0n);
  return bits.toString(16).padStart(16, "0");
}
