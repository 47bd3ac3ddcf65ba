import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { findFreePort } from "../../lib/db/embedded-postgres";
import type { EmulatorOptions } from "../../lib/emulator/start-gemini-emulator";

/**
 * A loopback HTTP server with `count` distinct JPEGs at /img/<n>.jpg (n = 1…count): small 320×240 ones, or the given
 * pictures in turn (`bases`, e.g. 12 MP photos). Each is a base picture with its number in a JPEG comment, so every image
 * has its own sha256 and none is answered from the result cache, while it decodes exactly as its base.
 */
export async function startImageServer(count: number, bases?: Buffer[]) {
  const pictures = bases ?? [await sharp({ create: { width: 320, height: 240, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg({ quality: 80 }).toBuffer()];
  const imageOf = (n: number) => {
    const base = pictures[(n - 1) % pictures.length];
    const text = Buffer.from(`loupe-bench image ${n}`);
    const comment = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
    return Buffer.concat([base.subarray(0, 2), comment, text, base.subarray(2)]); // after SOI
  };
  let served = 0;
  const server = http.createServer((request, response) => {
    const n = Number(request.url?.match(/^\/img\/(\d+)\.jpg$/)?.[1] ?? 0);
    if (n < 1 || n > count) return void response.writeHead(404).end();
    served += 1;
    const body = imageOf(n);
    response.writeHead(200, { "content-type": "image/jpeg", "content-length": body.length }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: Array.from({ length: count }, (_, i) => `${url}/img/${i + 1}.jpg`),
    /** The bytes served at /img/<n>.jpg. */
    bytesOf: imageOf,
    served: () => served,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export interface BenchKey {
  key: string;
  project: string;
}

/** Six keys in three projects, as the pool benchmark and the demo have them. */
export const benchKeys = (): BenchKey[] => ["a", "a", "b", "b", "c", "c"].map((project, i) => ({ key: `AIzaBench${i}xxxxxxxxxxxxxxxxxxxxxxxxxx`, project: `bench-${project}` }));

/** The Gemini emulator in its own process (npm run emulator), so its CPU is not the measured process's. */
export async function startEmulatorProcess(options: Omit<EmulatorOptions, "port" | "host">) {
  const port = await findFreePort();
  const configDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-emulator-"));
  const configFile = path.join(configDir, "emulator.json");
  writeFileSync(configFile, JSON.stringify(options));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts"], { env: { ...process.env, EMULATOR_PORT: String(port), EMULATOR_CONFIG: configFile }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("Gemini emulator at") && resolve());
  });
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    stats: async () => (await (await fetch(`${url}/__emulator/stats`)).json()) as { requests: number; projects: Record<string, { accepted: number; maxInWindow: number; rejected: Record<string, number> }> },
    stop: () => {
      child.removeAllListeners("exit");
      child.kill("SIGTERM");
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
