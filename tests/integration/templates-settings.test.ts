import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { LoupeError } from "../../lib/errors";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { createTemplate, getTemplate, listTemplates, seedBuiltInTemplates, updateTemplate } from "../../lib/templates/manage-templates";
import { tryTemplate, type TryTemplateInput } from "../../lib/analysis/try-template";
import { useTestDatabase } from "../helpers/test-database";

const fields = [{ name: "colour", type: "string" as const, required: true }];
const keys = [{ key: "AIzaTemplatesKeyA000000000000000000001", project: "tpl-a" }];
// An operator-added model Google (the emulator) does not have: saving it is allowed, calling it answers 404.
const config = loadConfig({ GEMINI_API_KEYS: keys.map((k) => `${k.project}:${k.key}`).join(","), GEMINI_RPM: "600", GEMINI_TPM: "10000000", GEMINI_PRICES: '{"gemini-9-ultra":{"input":1,"output":4}}' });
const choice = { models: config.models, defaultModel: config.GEMINI_MODEL };

describe("templates with call settings (model, thinking, media resolution, output room)", () => {
  const database = useTestDatabase();

  it("seeds the built-ins with thinking off; a database that already has them keeps its version 1 as it was", async () => {
    const { db } = database;
    // A database from before call settings existed: the first built-in is there, its v1 without settings.
    const legacy = await db.analysisTemplate.create({ data: { name: BUILT_IN_TEMPLATES[0].name, builtIn: true, versions: { create: { version: 1, instructions: "Old instructions.", fields } } } });
    await seedBuiltInTemplates(db);
    await seedBuiltInTemplates(db);
    const old = await db.templateVersion.findFirstOrThrow({ where: { templateId: legacy.id } });
    expect([old.model, old.thinking, old.mediaResolution, old.maxOutputTokens, old.instructions]).toEqual([null, null, null, null, "Old instructions."]);
    const seeded = await db.templateVersion.findMany({ where: { template: { builtIn: true, kind: "analysis", NOT: { id: legacy.id } } } });
    expect(seeded).toHaveLength(BUILT_IN_TEMPLATES.length - 1);
    for (const version of seeded) expect([version.model, version.thinking, version.mediaResolution, version.maxOutputTokens]).toEqual([null, "off", "default", null]);

    const listed = await listTemplates(db, "gemini-2.5-flash");
    const legacyView = listed.find((template) => template.id === legacy.id)!;
    expect(legacyView.current).toMatchObject({ model: null, thinking: null, effective: { model: "gemini-2.5-flash", thinking: "dynamic", mediaResolution: "default" } });
    const productListing = listed.find((template) => template.name === "Product listing")!;
    expect(productListing.current).toMatchObject({ thinking: "off", mediaResolution: "default", effective: { model: "gemini-2.5-flash", thinking: "off" } });
  });

  it("creates with settings, edits only the settings into a new version, keeps settings an edit leaves out, refuses models the server does not offer", async () => {
    const { db } = database;
    const created = await createTemplate(db, { name: "Shoes", instructions: "Look at the shoe.", fields, model: "gemini-2.5-pro", thinking: 2048, mediaResolution: "low", maxOutputTokens: 6000 }, { choice });
    expect(created.current).toMatchObject({ version: 1, model: "gemini-2.5-pro", thinking: 2048, mediaResolution: "low", maxOutputTokens: 6000 });
    expect(await db.templateVersion.findFirstOrThrow({ where: { templateId: created.id } })).toMatchObject({ thinking: "2048", mediaResolution: "low" });

    const same = { name: "Shoes", instructions: "Look at the shoe.", fields };
    const thinkingOff = await updateTemplate(db, created.id, { ...same, thinking: "off" }, { choice });
    expect(thinkingOff.currentVersion).toBe(2);
    expect(thinkingOff.current).toMatchObject({ version: 2, model: "gemini-2.5-pro", thinking: "off", mediaResolution: "low", maxOutputTokens: 6000 });
    const flash = await updateTemplate(db, created.id, { ...same, model: "gemini-2.5-flash", mediaResolution: "default", maxOutputTokens: null }, { choice });
    expect(flash.current).toMatchObject({ version: 3, model: "gemini-2.5-flash", thinking: "off", mediaResolution: "default", maxOutputTokens: null });

    const detail = await getTemplate(db, created.id, config.GEMINI_MODEL);
    expect(detail.versions.map((version) => [version.version, version.model, version.thinking])).toEqual([
      [3, "gemini-2.5-flash", "off"],
      [2, "gemini-2.5-pro", "off"],
      [1, "gemini-2.5-pro", 2048],
    ]);

    await expect(updateTemplate(db, created.id, { ...same, model: "gemini-1.0-pro" }, { choice })).rejects.toMatchObject({ status: 400, code: "unknown_model" });
    await expect(updateTemplate(db, created.id, { ...same, model: "gemini-2.0-flash", thinking: 1024 }, { choice })).rejects.toMatchObject({ status: 400, code: "thinking_not_supported" });
    await expect(createTemplate(db, { name: "Too little room", instructions: "x", fields, thinking: 4096, maxOutputTokens: 1000 }, { choice })).rejects.toMatchObject({ code: "output_room_too_small" });
    expect((await getTemplate(db, created.id)).currentVersion).toBe(3); // refused edits save nothing

    const defaults = await createTemplate(db, { name: "Plain", instructions: "Describe.", fields }, { choice });
    expect(defaults.current).toMatchObject({ model: null, thinking: "off", mediaResolution: "default", maxOutputTokens: null, effective: { model: "gemini-2.5-flash", thinking: "off" } });
  });
});

describe("trying a template with its settings against Gemini (emulated)", () => {
  const database = useTestDatabase();
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let image: Buffer;
  const url = () => ({ ...config, GEMINI_BASE_URL: emulator.url });
  const template = (settings: Partial<TryTemplateInput>): TryTemplateInput => ({ instructions: "Name the main colour.", fields, ...settings });

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { "tpl-a": { rpm: 600, tpm: 10_000_000, rpd: 100_000 } }, keys: Object.fromEntries(keys.map((k) => [k.key, k.project])), latencyMs: 1 });
    pool = await createKeyPool(database.url, { keys, limits: { rpm: 600, tpm: 10_000_000, rpd: 100_000 } });
    image = await sharp({ create: { width: 1536, height: 1152, channels: 3, background: "#3a7" } }).jpeg().toBuffer();
  });
  afterAll(async () => {
    await pool?.close();
    await emulator?.close();
  });

  it("dynamic thinking on 2.5 Flash bills thoughts as output; thinking off bills none; the breakdown and cost add up", async () => {
    const dynamic = await tryTemplate(url(), async () => pool, template({ model: "gemini-2.5-flash", thinking: "dynamic" }), image);
    expect(dynamic.thoughtsTokens).toBeGreaterThan(0);
    expect(dynamic.outputTokens).toBeGreaterThan(dynamic.thoughtsTokens); // output = answer + thoughts
    expect(dynamic.generationConfig.thinkingConfig).toEqual({ thinkingBudget: -1 });
    expect(dynamic.settings).toEqual({ model: "gemini-2.5-flash", thinking: "dynamic", mediaResolution: "default", maxOutputTokens: null });

    const off = await tryTemplate(url(), async () => pool, template({ model: "gemini-2.5-flash", thinking: "off" }), image);
    expect(off.thoughtsTokens).toBe(0);
    expect(off.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(off.costMicros).toBeLessThan(dynamic.costMicros);
    // 1536×1152 is 4 tiles of 258 at the default media resolution; Loupe's estimate says the same.
    expect(off.estimate.imageTokens).toBe(1032);
    expect(off.inputTokens).toBeGreaterThanOrEqual(1032);
    expect(off.costMicros).toBe(Math.round(off.inputTokens * 0.3 + off.outputTokens * 2.5));
    expect(off.costUsd).toBeCloseTo(off.costMicros / 1e6, 12);
    expect(off.sent).toMatchObject({ width: 1536, height: 1152 });
  });

  it("LOW media resolution costs 64 tokens for the image; the settings sent are reported", async () => {
    const low = await tryTemplate(url(), async () => pool, template({ thinking: "off", mediaResolution: "low", maxOutputTokens: 1024 }), image);
    expect(low.estimate.imageTokens).toBe(64);
    expect(low.inputTokens).toBe(low.estimate.promptTokens);
    expect(low.generationConfig).toMatchObject({ mediaResolution: "MEDIA_RESOLUTION_LOW", maxOutputTokens: 1024 });
    const pro = await tryTemplate(url(), async () => pool, template({ model: "gemini-2.5-pro", thinking: "off" }), image);
    expect(pro.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 128 }); // 2.5 Pro cannot stop thinking
  });

  it("a model Google does not have, a refused schema and an unsupported region each answer a clear 422 saying what to change", async () => {
    const missing = await tryTemplate(url(), async () => pool, template({ model: "gemini-9-ultra", thinking: "off" }), image).catch((error) => error);
    expect(missing).toBeInstanceOf(LoupeError);
    expect(missing).toMatchObject({ status: 422, code: "model_not_found" });
    expect(missing.message).toMatch(/models\/gemini-9-ultra is not found/);
    expect(missing.message).toMatch(/Choose another model in the template, then try again\.$/);
    expect(missing.details).toMatchObject({ model: "gemini-9-ultra", geminiStatus: 404 });

    const schema = await tryTemplate(url(), async () => pool, template({ instructions: "Describe. EMULATE:schema-unsupported" }), image).catch((error) => error);
    expect(schema).toMatchObject({ status: 422, code: "unsupported_request" });
    expect(schema.message).toMatch(/response_schema/);
    const region = await tryTemplate(url(), async () => pool, template({ instructions: "Describe. EMULATE:region-unsupported" }), image).catch((error) => error);
    expect(region).toMatchObject({ status: 422, code: "region_unsupported" });
    expect(region.message).toMatch(/User location is not supported/);

    // Not in the catalogue at all: refused before any call.
    const before = emulator.stats().requests;
    await expect(tryTemplate(url(), async () => pool, template({ model: "gemini-1.0-pro" }), image)).rejects.toMatchObject({ status: 400, code: "unknown_model" });
    expect(emulator.stats().requests).toBe(before);
  });
});
