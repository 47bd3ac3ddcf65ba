import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateBatch } from "../../lib/batches/estimate-batch";
import { listBatches } from "../../lib/batches/list-batches";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { LoupeError } from "../../lib/errors";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { tryTemplate } from "../../lib/analysis/try-template";
import { createTestDatabase } from "../helpers/test-database";

describe("batches list, estimate and trying a template", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  const keys = [
    { key: "AIzaWorkbenchKeyA0000000000000000001", project: "wb-a" },
    { key: "AIzaWorkbenchKeyB0000000000000000002", project: "wb-b" },
  ];
  const config = loadConfig({ GEMINI_API_KEYS: keys.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_RPM: "120", GEMINI_TPM: "1000000" });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    emulator = await startGeminiEmulator({
      projects: { "wb-a": { rpm: 120, tpm: 1_000_000, rpd: 100_000 }, "wb-b": { rpm: 120, tpm: 1_000_000, rpd: 100_000 } },
      keys: Object.fromEntries(keys.map((k) => [k.key, k.project])),
      latencyMs: { min: 1, max: 5 },
    });
    pool = await createKeyPool(database.url, { keys, limits: { rpm: 120, tpm: 1_000_000, rpd: 100_000 } });
  });
  afterAll(async () => {
    await pool?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it("lists top-level batches newest first in keyset pages, parents with their parts, filtered by status and name", async () => {
    const parent = await db.batch.create({ data: { name: "Catalogue", kind: "parent", totalParts: 2, status: "running", createdAt: new Date("2026-01-03") } });
    for (const sequence of [2, 1]) {
      await db.batch.create({ data: { name: `Catalogue — Part ${sequence} of 2`, kind: "part", sequence, parentBatchId: parent.id, createdAt: new Date("2026-01-03") } });
    }
    for (let i = 0; i < 5; i++) await db.batch.create({ data: { name: `Single ${i}`, status: i === 0 ? "completed" : "queued", createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) } });

    const first = await listBatches(db, { limit: 4 });
    expect(first.batches.map((b) => b.name)).toEqual(["Catalogue", "Single 4", "Single 3", "Single 2"]);
    expect(first.batches[0].parts?.map((p) => p.name)).toEqual(["Catalogue — Part 1 of 2", "Catalogue — Part 2 of 2"]);
    const second = await listBatches(db, { limit: 4, cursor: first.nextCursor! });
    expect(second.batches.map((b) => b.name)).toEqual(["Single 1", "Single 0"]);
    expect(second.nextCursor).toBeNull();

    expect((await listBatches(db, { status: "completed" })).batches.map((b) => b.name)).toEqual(["Single 0"]);
    // A part's name finds its parent; parts are never listed on their own.
    expect((await listBatches(db, { q: "part 2" })).batches.map((b) => b.name)).toEqual(["Catalogue"]);
    expect((await listBatches(db, { q: "SINGLE 3" })).batches.map((b) => b.name)).toEqual(["Single 3"]);
  });

  it("estimates tokens, cost and time at the pool's quota, from the template and then from history", async () => {
    const template = await db.analysisTemplate.findFirstOrThrow({ where: { name: "Describe & tag" }, include: { versions: true } });
    const fromTemplate = await estimateBatch(db, config, { images: 12_000, templateId: template.id });
    expect(fromTemplate.basis).toBe("template");
    expect(fromTemplate.inputTokensPerImage).toBeGreaterThan(258);
    // Two projects at 120 RPM each, far below the token limit: 240 images a minute → 50 minutes.
    expect(fromTemplate.imagesPerMinute).toBe(240);
    expect(fromTemplate.minutes).toBeCloseTo(50, 5);
    expect(fromTemplate.costUsd).toBeGreaterThan(0);
    expect(fromTemplate.totalTokens).toBe(12_000 * (fromTemplate.inputTokensPerImage + fromTemplate.outputTokensPerImage));

    await db.batch.create({ data: { name: "Done before", templateVersionId: template.versions[0].id, succeededCount: 100, totalImages: 100, inputTokens: 30_000n, outputTokens: 5_000n } });
    const fromHistory = await estimateBatch(db, config, { images: 10, templateId: template.id });
    expect(fromHistory).toMatchObject({ basis: "history", inputTokensPerImage: 300, outputTokensPerImage: 50, totalTokens: 3500 });

    expect(await estimateBatch(db, config, { images: 10, templateId: "local" })).toMatchObject({ basis: "offline", costUsd: 0, minutes: null });
    await expect(estimateBatch(db, config, { images: 10, templateId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ status: 404 });
  });

  it("tries an unsaved template on a sample image through Gemini (emulated), and says clearly what is wrong otherwise", async () => {
    const image = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#c33" } }).jpeg().toBuffer();
    const template = { instructions: "Name the main colour.", fields: [{ name: "main_colour", type: "string" as const, required: true }, { name: "is_red", type: "boolean" as const, required: true }] };
    const tried = await tryTemplate({ ...config, GEMINI_BASE_URL: emulator.url }, async () => pool, template, image);
    expect(Object.keys(tried.result as object).sort()).toEqual(["is_red", "main_colour"]);
    expect(typeof (tried.result as { is_red: unknown }).is_red).toBe("boolean");
    expect(tried.inputTokens).toBeGreaterThan(0);
    // Nothing is stored: trying is not a batch.
    expect(await db.image.count()).toBe(0);

    const notAnImage = await tryTemplate({ ...config, GEMINI_BASE_URL: emulator.url }, async () => pool, template, Buffer.from("hello")).catch((error) => error);
    expect(notAnImage).toBeInstanceOf(LoupeError);
    expect(notAnImage.status).toBe(422);

    const offline = await tryTemplate(loadConfig({}), async () => pool, template, image).catch((error) => error);
    expect(offline).toMatchObject({ status: 409, code: "gemini_not_configured" });
    expect(offline.message).toMatch(/GEMINI_API_KEYS/);
  });
});
