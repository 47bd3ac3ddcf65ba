import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { CAPTION_CONFIG, restFor } from "./emulator-batch-helpers";

// A job the size Loupe's benchmark sends (100,000 photos there, 20,000 here): streamed in, answered and streamed out in bounded memory.
const KEY = "AIzaScaleKey0001";
const LINES = 20_000;

describe("emulator Batch API at scale", () => {
  let emulator: GeminiEmulator;
  let scratch: string;

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { scale: { rpm: 10, tpm: 1_000_000, rpd: 1000 } }, keys: { [KEY]: "scale" }, batch: { pendingMs: 50, runningMs: 100 } });
    scratch = await mkdtemp(path.join(os.tmpdir(), "emulator-batch-scale-"));
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it(`a ${LINES.toLocaleString("en")}-line file of ~3 KB images runs to SUCCEEDED quickly, without memory growing with the job`, async () => {
    // Noise does not compress: 32×32 RGB is a ~3 KB PNG, as a downscaled photo would be.
    const images = await Promise.all(Array.from({ length: 16 }, () => sharp(randomBytes(32 * 32 * 3), { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer()));
    expect(images[0].length).toBeGreaterThan(2500);
    const input = path.join(scratch, "requests.jsonl");
    const writer = createWriteStream(input);
    for (let index = 0; index < LINES; index += 1) {
      const request = { contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: images[index % images.length].toString("base64") } }, { text: "Describe the image." }] }], generationConfig: { ...CAPTION_CONFIG, thinkingConfig: { thinkingBudget: 0 } } };
      if (!writer.write(`${JSON.stringify({ key: `image-${index}`, request })}\n`)) await once(writer, "drain");
    }
    writer.end();
    await once(writer, "finish");

    const rest = restFor(emulator, KEY);
    const fileName = await rest.upload({ path: input });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const startedAt = Date.now();
    const created = await rest.create("gemini-2.5-flash", { displayName: "scale", inputConfig: { fileName } });
    expect(created.body.metadata.batchStats).toEqual({ requestCount: String(LINES), pendingRequestCount: String(LINES) });
    let peak = before;
    const done = await rest.waitFor(created.body.name, (operation) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      return operation.done === true;
    }, 120_000);
    const seconds = (Date.now() - startedAt) / 1000;
    expect(done.metadata.batchStats).toEqual({ requestCount: String(LINES), successfulRequestCount: String(LINES) });
    // A sanity bound, generous: the input alone is ~90 MB and the output ~20 MB; neither may end up in memory.
    expect(peak - before).toBeLessThan(250 * 1024 * 1024);
    expect(seconds).toBeLessThan(60);

    let count = 0;
    let last = "";
    for (const line of await rest.download(done.response!.responsesFile!)) {
      count += 1;
      last = line.key!;
      if (count === 1) expect(line.response?.usageMetadata?.promptTokenCount).toBe(258 + 5);
    }
    expect(count).toBe(LINES);
    expect(last).toBe(`image-${LINES - 1}`);
    expect(emulator.stats().batch.projects.scale.promptTokens).toBe(LINES * (258 + 5));
  });
});
