import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

/**
 * A loopback image host for e2e tests. /img/<n>.png serves a generated PNG; /flaky/<n>.png answers 404 until `heal()`;
 * /slow/<n>.png waits `slowMs` first.
 */
export async function startImageServer({ slowMs = 400 } = {}) {
  let healed = false;
  const cache = new Map<string, Buffer>();
  const png = async (seed: number) => {
    const key = String(seed);
    if (!cache.has(key)) {
      cache.set(key, await sharp({ create: { width: 320 + (seed % 7) * 16, height: 240, channels: 3, background: { r: (seed * 37) % 255, g: (seed * 91) % 255, b: 160 } } }).png().toBuffer());
    }
    return cache.get(key)!;
  };
  const server = http.createServer(async (request, response) => {
    const match = request.url?.match(/^\/(img|flaky|slow)\/(\d+)\.png$/);
    if (!match) return response.writeHead(404).end("not found");
    const [, kind, seed] = match;
    if (kind === "flaky" && !healed) return response.writeHead(404).end("not yet");
    if (kind === "slow") await new Promise((r) => setTimeout(r, slowMs));
    response.writeHead(200, { "content-type": "image/png" }).end(await png(Number(seed)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    heal: () => {
      healed = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function makePng(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 200 + seed * 3, height: 160, channels: 3, background: { r: (seed * 53) % 255, g: 120, b: (seed * 17) % 255 } } }).png().toBuffer();
}
