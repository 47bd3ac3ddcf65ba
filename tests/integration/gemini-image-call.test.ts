import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { costMicros } from "../../lib/costs/prices";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { AnalysisError } from "../../lib/errors";
import type { AttemptRecord } from "../../lib/gemini/attempt-record";
import { createGeminiClientFactory } from "../../lib/gemini/create-client";
import { generateImageWithRetries } from "../../lib/gemini/generate-image-with-retries";
import { imageModelInfo } from "../../lib/gemini/image-models";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import type { SpendGuard } from "../../lib/gemini/spend-guard";
import { createTestDatabase } from "../helpers/test-database";

// lib/gemini's image call against the emulator: the key pool, retries, classification, spending caps and image-priced costs.
const KEYS = [
  { key: "AIzaImageCallKey000000000000000001", project: "pics" },
  { key: "AIzaImageCallKey000000000000000002", project: "pics-2" },
];
const LIMITS = { rpm: 1000, tpm: 10_000_000, rpd: 100_000 };
const MODEL = "gemini-2.5-flash-image";

const photo = () => sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 90, b: 200 } } }).jpeg().toBuffer();

describe("generateImageWithRetries against the emulator", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let bytes: Buffer;
  const attempts: AttemptRecord[] = [];

  const generate = (prompt: string, extra: { seed?: number; model?: string; spend?: SpendGuard; behaviour?: string } = {}) =>
    generateImageWithRetries({
      pool,
      clients: createGeminiClientFactory({ baseUrl: emulator.url }),
      settings: { model: extra.model ?? MODEL, thinking: "off", mediaResolution: "default", maxOutputTokens: null },
      prompt: extra.behaviour ? `${prompt} EMULATE:${extra.behaviour}` : prompt,
      image: { bytes, mimeType: "image/jpeg" },
      estimatedInputTokens: 1100,
      timeoutMs: 10_000,
      retry: { baseMs: 10, capMs: 50, maxAttempts: 3 },
      onAttempt: (attempt) => void attempts.push(attempt),
      spend: extra.spend,
      request: { aspectRatio: null, seed: extra.seed },
    });
  const failureOf = (call: Promise<unknown>) => call.then(() => { throw new Error("expected a failure"); }, (error: unknown) => error as AnalysisError);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    emulator = await startGeminiEmulator({ projects: { pics: LIMITS, "pics-2": LIMITS }, keys: Object.fromEntries(KEYS.map((k) => [k.key, k.project])) });
    pool = await createKeyPool(database.url, { keys: KEYS, limits: LIMITS, windowMs: 60_000 });
    bytes = await photo();
  });
  afterAll(async () => {
    await pool?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(async () => {
    emulator.reset();
    attempts.length = 0;
    await db.$executeRaw`UPDATE gemini_projects SET cooldown_until = NULL`;
  });

  it("returns the generated PNG and bills it as Google does: 1290 image tokens at $30 per million beside the prompt's", async () => {
    const result = await generate("On white.", { seed: 1 });
    expect(result.value.mimeType).toBe("image/png");
    expect(await sharp(result.value.bytes).metadata()).toMatchObject({ format: "png", width: 1184, height: 864 });
    expect(result.imageOutputTokens).toBe(1290);
    expect(result.outputTokens).toBe(1290);
    expect(result.inputTokens).toBe(4 * 258 + Math.ceil("On white.".length / 4));
    expect(result.costMicros).toBe(costMicros(imageModelInfo(MODEL), { inputTokens: result.inputTokens, outputTokens: 1290, imageOutputTokens: 1290 }));
    expect(result.costMicros).toBe(Math.round(result.inputTokens * 0.3 + 1290 * 30));
    expect(attempts).toMatchObject([{ httpStatus: 200, errorCode: null, outputTokens: 1290 }]);
    // Another seed is another image.
    const other = await generate("On white.", { seed: 2 });
    expect(other.value.bytes.equals(result.value.bytes)).toBe(false);
  });

  it("image-safety answers fail once as blocked with Google's reason, and are not retried", async () => {
    for (const [behaviour, reason] of [["image-safety", "IMAGE_SAFETY"], ["no-image", "NO_IMAGE"], ["image-prohibited-content", "IMAGE_PROHIBITED_CONTENT"], ["prompt-image-safety", "IMAGE_SAFETY"]]) {
      emulator.reset();
      attempts.length = 0;
      const error = await failureOf(generate("On white.", { behaviour }));
      expect(error).toBeInstanceOf(AnalysisError);
      expect(error.code).toBe("blocked");
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(reason);
      expect(emulator.stats().requests).toBe(1);
      expect(attempts).toHaveLength(1);
    }
  });

  it("an answer of text alone is asked once more, then blocked with what the model wrote", async () => {
    const error = await failureOf(generate("On white.", { behaviour: "text-only" }));
    expect(error.code).toBe("blocked");
    expect(error.message).toMatch(/without an image \(STOP\): "I can place the product/);
    expect(emulator.stats().requests).toBe(2);
  });

  it("transient errors are retried with backoff, a rate limit moves the call to another project's key, thought images are skipped", async () => {
    const retried = await generate("On white.", { behaviour: "fail-first-2-503", seed: 7 });
    expect(retried.attempts).toBe(3);
    expect(attempts.map((attempt) => attempt.errorCode)).toEqual(["overloaded", "overloaded", null]);

    attempts.length = 0;
    const limited = await generate("On white.", { behaviour: "429", seed: 8 });
    expect(attempts.map((attempt) => attempt.errorCode)).toEqual(["rate_limited", null]);
    expect(limited.value.bytes.length).toBeGreaterThan(0);

    const thought = await generate("On white.", { behaviour: "thought-image", seed: 9 });
    expect(await sharp(thought.value.bytes).metadata()).toMatchObject({ width: 1184, height: 864 }); // not the 0.5K draft
  });

  it("holds the most a call can cost (image at the image price) against the caps, and settles what was billed", async () => {
    const holds: number[] = [];
    const settled: number[] = [];
    const guard: SpendGuard = { hold: async (micros) => (holds.push(micros), { settle: async (actual) => void settled.push(actual), release: async () => {} }) };
    const result = await generate("On white.", { spend: guard, seed: 3 });
    expect(holds).toEqual([costMicros(imageModelInfo(MODEL), { inputTokens: 1100, outputTokens: 1290 + 512, imageOutputTokens: 1290 })]);
    expect(settled).toEqual([result.costMicros]);
    expect(holds[0]).toBeGreaterThanOrEqual(result.costMicros);
  });

  it("a text model asked for an image pauses the batch (every image would meet Google's 400)", async () => {
    const error = await failureOf(generate("On white.", { model: "gemini-2.5-flash" }));
    expect(error.code).toBe("unsupported_request");
    expect(error.options.pausesBatch).toBe(true);
    expect(error.message).toContain("response modalities");
  });
});
