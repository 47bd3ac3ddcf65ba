import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { AnalysisError } from "../../lib/errors";
import { createGeminiClientFactory } from "../../lib/gemini/create-client";
import { generateWithRetries } from "../../lib/gemini/generate-with-retries";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { nextPacificMidnight } from "../../lib/gemini/pacific-day";
import type { AttemptRecord } from "../../lib/orchestration/record-attempt";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { compileTemplate } from "../../lib/templates/compile-template";
import { createTestDatabase } from "../helpers/test-database";

const PLANTED = "AIzaPLANTEDsecret-key-do-not-leak-0001";
const KEYS = [
  { key: PLANTED, project: "alpha" },
  { key: "AIzaSecondKeyInAlpha000000000000002", project: "alpha" },
  { key: "AIzaKeyBeta00000000000000000000003", project: "beta" },
  { key: "AIzaKeyBeta00000000000000000000004", project: "beta" },
  { key: "AIzaKeyGamma0000000000000000000005", project: "gamma" },
  { key: "AIzaKeyGamma0000000000000000000006", project: "gamma" },
];
const WINDOW_MS = 2000;
const RPM = 8;
const template = compileTemplate(BUILT_IN_TEMPLATES[0]);

async function image(seed: number, marker?: string) {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: seed % 255, g: (seed * 7) % 255, b: 90 } } }).png().toBuffer();
  return marker ? Buffer.concat([png, Buffer.from(`EMULATE:${marker}`)]) : png;
}

describe("Gemini key pool against the emulator", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  const attempts: AttemptRecord[] = [];

  const call = async (bytes: Buffer, extra: { pool?: KeyPool; maxAttempts?: number } = {}) =>
    generateWithRetries({
      pool: extra.pool ?? pool,
      clients: createGeminiClientFactory({ baseUrl: emulator.url }),
      settings: { model: "gemini-2.5-flash", thinking: "off", mediaResolution: "default", maxOutputTokens: null },
      prompt: template.prompt,
      image: { bytes, mimeType: "image/png" },
      responseSchema: template.responseSchema,
      validate: template.validate,
      estimatedInputTokens: 300,
      timeoutMs: 5000,
      retry: { baseMs: 20, capMs: 100, maxAttempts: extra.maxAttempts ?? 3 },
      onAttempt: (attempt) => void attempts.push(attempt),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    emulator = await startGeminiEmulator({
      projects: { alpha: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, beta: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, gamma: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 } },
      keys: Object.fromEntries(KEYS.map((k) => [k.key, k.project])),
      windowMs: WINDOW_MS,
      latencyMs: { min: 5, max: 20 },
    });
    pool = await createKeyPool(database.url, { keys: KEYS, limits: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, windowMs: WINDOW_MS });
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
    await db.$executeRaw`UPDATE gemini_keys SET state = 'active', exhausted_until = NULL, cooldown_until = NULL, state_reason = NULL`;
    await db.$executeRaw`DELETE FROM gemini_requests`;
    emulator.configure({ projects: { alpha: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, beta: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, gamma: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 } } });
  });

  it("50 concurrent callers never exceed a project's RPM, and every call succeeds with a valid result", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, async (_, i) => call(await image(i))));
    expect(results).toHaveLength(50);
    for (const result of results) expect(template.validate(result.value).ok).toBe(true);
    const stats = emulator.stats();
    for (const project of ["alpha", "beta", "gamma"]) {
      expect(stats.projects[project].maxInWindow).toBeLessThanOrEqual(RPM);
      expect(stats.projects[project].rejected["429"] ?? 0).toBe(0);
    }
    expect(Object.values(stats.projects).reduce((n, p) => n + p.accepted, 0)).toBe(50);
    // Work is spread over all three projects.
    expect(Object.values(stats.projects).every((p) => p.accepted >= 10)).toBe(true);
  });

  it("a 429 parks only that project's keys for the RetryInfo delay, and the images still succeed", async () => {
    // Google's real quota for alpha is lower than Loupe was told: alpha answers 429.
    emulator.configure({ projects: { alpha: { rpm: 1, tpm: 1_000_000, rpd: 100_000 }, beta: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, gamma: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 } } });
    const results = await Promise.all(Array.from({ length: 30 }, async (_, i) => call(await image(100 + i))));
    expect(results).toHaveLength(30);
    expect(emulator.stats().projects.alpha.rejected["429"]).toBeGreaterThan(0);
    const projects = await db.geminiProject.findMany({ orderBy: { id: "asc" } });
    const parked = Object.fromEntries(projects.map((p) => [p.id, p.cooldownUntil !== null]));
    expect(parked).toEqual({ alpha: true, beta: false, gamma: false });
    // Rate limits are recorded as attempts but never as failures of the image.
    expect(attempts.some((a) => a.errorCode === "rate_limited")).toBe(true);
  });

  it("a per-day 429 parks its whole project until the Pacific reset; the image succeeds on another project", async () => {
    emulator.configure({ exhaustedKeys: [KEYS[4].key] });
    // Gamma's two keys and one of beta's, so the exhausted key is certainly offered work.
    const dayPool = await createKeyPool(database.url, { keys: KEYS.slice(3), limits: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, windowMs: WINDOW_MS });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, async (_, i) => call(await image(700 + i), { pool: dayPool })));
      expect(results.every((result) => template.validate(result.value).ok)).toBe(true);
      const exhausted = await db.geminiKey.findMany({ where: { state: "exhausted" }, orderBy: { maskedKey: "asc" } });
      // Quotas are per project: gamma's other key is parked with it, though Google only refused one.
      expect(exhausted.map((k) => k.maskedKey)).toEqual(["AIza…0005", "AIza…0006"]);
      expect(exhausted[0].stateReason).toMatch(/Daily quota/);
      const gamma = await db.geminiProject.findUniqueOrThrow({ where: { id: "gamma" } });
      expect(gamma.exhaustedUntil!.getTime()).toBe(nextPacificMidnight(Date.now()));
      expect(results.map((r) => r.keyId)).not.toContain(exhausted[0].id);
      expect(emulator.stats().keys[KEYS[3].key].accepted).toBeGreaterThan(0);
    } finally {
      emulator.configure({ exhaustedKeys: [] });
      await db.$executeRaw`UPDATE gemini_projects SET exhausted_until = NULL WHERE id = 'gamma'`;
      await db.$executeRaw`UPDATE gemini_keys SET state = 'active', exhausted_until = NULL WHERE project_id = 'gamma'`;
      await dayPool.close();
    }
  });

  it("an invalid key is disabled with its reason and never tried again", async () => {
    const badKeys = [{ key: "AIzaNotARealKey", project: "delta" }, ...KEYS.slice(2, 3)];
    const badPool = await createKeyPool(database.url, { keys: badKeys, limits: { rpm: RPM, tpm: 1_000_000, rpd: 100_000 }, windowMs: WINDOW_MS });
    try {
      for (let i = 0; i < 4; i++) await call(await image(200 + i), { pool: badPool });
      const invalid = await db.geminiKey.findFirst({ where: { projectId: "delta" } });
      expect(invalid?.state).toBe("invalid");
      expect(invalid?.stateReason).toMatch(/not valid/);
      expect(emulator.stats().keys["AIzaNotARealKey"].rejected).toBe(1);
    } finally {
      await badPool.close();
    }
  });

  it.each([
    ["503", "overloaded"],
    ["500", "server_error"],
    ["blocked", "blocked"],
    ["safety", "blocked"],
    ["truncate", "bad_output"],
    ["bad_json", "bad_output"],
  ])("the emulated %s maps to %s", async (behaviour, code) => {
    const error = await call(await image(300, behaviour), { maxAttempts: 2 }).then(() => null, (e) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect(error.code).toBe(code);
    if (code === "bad_output") expect(attempts.filter((a) => a.errorCode === "bad_output")).toHaveLength(2); // retried once
  });

  it("an image that fails twice with 503 succeeds on the third attempt", async () => {
    const result = await call(await image(400, "fail-first-2"), { maxAttempts: 5 });
    expect(template.validate(result.value).ok).toBe(true);
    expect(attempts.map((a) => a.errorCode)).toEqual(["overloaded", "overloaded", null]);
  });

  it("the planted key never appears in errors, attempts or the pool's tables", async () => {
    const error = await call(await image(500, "500"), { maxAttempts: 1 }).then(() => null, (e) => e);
    const everything = JSON.stringify([String(error), error?.message, attempts, await db.geminiKey.findMany(), await db.geminiProject.findMany()], (_, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(everything).not.toContain(PLANTED);
    expect(everything).toContain("AIza…0001");
  });
});
