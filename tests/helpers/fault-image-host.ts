import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An image host on 127.0.0.1 that misbehaves on purpose, by the first path segment:
 *   /ok/…          the image at once
 *   /slow/…        the image trickled over ~0.6 s (slow, but within the fetch timeout)
 *   /stall/…       headers and a few bytes, then nothing ever again
 *   /reset/…       half the declared body, then the connection is reset
 *   /reset-once/…  reset on the first request, the image afterwards
 *   /endless/…     a PNG header followed by a body that never ends (chunked)
 *   /declared-huge/… a Content-Length far over any cap
 *   /html/…        200 with an HTML page
 *   /missing/…     404
 * Every request is counted per path.
 */
export interface FaultImageHost {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startFaultImageHost(image: Buffer): Promise<FaultImageHost> {
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms);
    timers.add(timer);
  };

  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    const seen = (hits.get(path) ?? 0) + 1;
    hits.set(path, seen);
    response.on("error", () => {});
    const kind = path.split("/")[1];
    const png = { "content-type": "image/png" };
    switch (kind) {
      case "ok":
        return response.writeHead(200, { ...png, "content-length": image.length }).end(image);
      case "slow": {
        response.writeHead(200, { ...png, "content-length": image.length });
        const slices = 6;
        const size = Math.ceil(image.length / slices);
        for (let i = 0; i < slices; i++) later(i * 100, () => response.write(image.subarray(i * size, (i + 1) * size)));
        return later(slices * 100, () => response.end());
      }
      case "stall":
        response.writeHead(200, { ...png, "content-length": image.length });
        return void response.write(image.subarray(0, 64));
      case "reset-once":
        if (seen > 1) return response.writeHead(200, { ...png, "content-length": image.length }).end(image);
      // falls through: the first request is reset
      case "reset":
        response.writeHead(200, { ...png, "content-length": image.length });
        response.write(image.subarray(0, Math.floor(image.length / 2)));
        return later(50, () => request.socket.resetAndDestroy());
      case "endless": {
        response.writeHead(200, png);
        response.write(image.subarray(0, 64));
        const chunk = Buffer.alloc(64 * 1024, 7);
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once("drain", pump);
        };
        return pump();
      }
      case "declared-huge":
        response.writeHead(200, { ...png, "content-length": 500 * 1024 * 1024 });
        return void response.write(image.subarray(0, 64));
      case "html":
        return response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Not an image</title><p>Sorry.</p>");
      default:
        return response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
