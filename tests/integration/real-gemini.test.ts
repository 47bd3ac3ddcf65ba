import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import type { Config } from "../../lib/config";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { AnalysisError } from "../../lib/errors";
import type { AttemptRecord } from "../../lib/gemini/attempt-record";
import { createGeminiClientFactory } from "../../lib/gemini/create-client";
import { generateWithRetries } from "../../lib/gemini/generate-with-retries";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import type { GeminiCallSettings } from "../../lib/gemini/models";
import { nextPacificMidnight } from "../../lib/gemini/pacific-day";
import { createKeyProber } from "../../lib/gemini/probe-key";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { compileTemplate } from "../../lib/templates/compile-template";
import { createTemplate } from "../../lib/templates/manage-templates";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { FIELDS, noiseImage, QUOTA, SETTINGS } from "../helpers/fault-setup";

// Loupe against the emulator speaking the real API's families (GEMINI-API.md): billed tokens, per-day quotas, refused
// keys and their probe, errors every image of a batch would meet, blocks and thinking that fills the output room.
const key = (name: string) => `AIzaReal${name.padEnd(31, "0")}`;
const KEYS = { a1: key("a1"), a2: key("a2"), b1: key("b1"), b2: key("b2") };
const PROJECT_OF: Record<string, string> = { [KEYS.a1]: "ra", [KEYS.a2]: "ra", [KEYS.b1]: "rb", [KEYS.b2]: "rb" };

describe("real Gemini behaviour through the whole pipeline", () => {
  let database: Awaited<ReturnType<typeof startAnalysisRig>>["database"];
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let worker: RunningWorker;
  let config: Config;

  /** A template version calling Gemini with these settings (set on the stored version, as the editor saves them). */
  async function templateWith(settings: Partial<GeminiCallSettings>) {
    const template = await createTemplate(db, { name: `real-${randomBytes(4).toString("hex")}`, instructions: "Describe the image in one short caption.", fields: FIELDS });
    const version = template.versions[0];
    await db.templateVersion.update({
      where: { id: version.id },
      data: { model: settings.model ?? null, thinking: settings.thinking === undefined ? null : String(settings.thinking), mediaResolution: settings.mediaResolution ?? null, maxOutputTokens: settings.maxOutputTokens ?? null },
    });
    return template.id;
  }

  async function startBatch(count: number, templateId: string) {
    const storage = uploadsStorage(config);
    const images = await Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage(400)]))), name: `img-${i}.png` })));
    const created = await createBatchesFromRequest(db, config, { images: images.map(({ sha256, name }) => ({ sha256, name })), templateId });
    await startCreatedBatches(worker.jobs, created);
    return created.batches[0].id;
  }

  let rig: Awaited<ReturnType<typeof startAnalysisRig>>;
  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: PROJECT_OF, prefix: "loupe-real-gemini-", pool: { probe: (apiKey) => createKeyProber(createGeminiClientFactory({ baseUrl: rig.emulator.url }), "gemini-2.5-flash")(apiKey) } });
    ({ database, db, emulator, pool, worker, config } = rig);
  });
  afterAll(async () => rig?.close());

  it("recorded output tokens equal candidates + thoughts over a batch, as Google bills them", async () => {
    emulator.reset();
    const batchId = await startBatch(24, await templateWith({ model: "gemini-2.5-flash", thinking: "dynamic" }));
    const progress = await waitForBatchToFinish(db, batchId, 60_000);
    expect(progress.counts).toMatchObject({ total: 24, succeeded: 24, failed: 0 });
    const billed = Object.values(emulator.stats().projects).reduce(
      (sum, p) => ({ prompt: sum.prompt + p.promptTokens, candidates: sum.candidates + p.candidatesTokens, thoughts: sum.thoughts + p.thoughtsTokens }),
      { prompt: 0, candidates: 0, thoughts: 0 },
    );
    const batch = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(billed.thoughts).toBeGreaterThan(billed.candidates); // 2.5 Flash thinks by default: most of the output is thoughts
    expect(Number(batch.outputTokens)).toBe(billed.candidates + billed.thoughts);
    expect(Number(batch.thoughtsTokens)).toBe(billed.thoughts);
    expect(Number(batch.inputTokens)).toBe(billed.prompt);
    const images = await db.image.aggregate({ where: { batchId }, _sum: { outputTokens: true, thoughtsTokens: true, costMicros: true } });
    expect(images._sum.outputTokens).toBe(billed.candidates + billed.thoughts);
    expect(images._sum.thoughtsTokens).toBe(billed.thoughts);
    // Priced as output at 2.5 Flash's list price ($0.30 in, $2.50 out per million), each image rounded to a micro-dollar.
    expect(Number(batch.costMicros)).toBe(images._sum.costMicros);
    expect(Math.abs(Number(batch.costMicros) - (billed.prompt * 0.3 + (billed.candidates + billed.thoughts) * 2.5))).toBeLessThanOrEqual(24);
    const attempts = await db.imageAttempt.aggregate({ where: { image: { batchId }, httpStatus: 200 }, _sum: { thoughtsTokens: true } });
    expect(attempts._sum.thoughtsTokens).toBe(billed.thoughts);
  });

  it("thinking off sends a budget of 0: no thoughts billed", async () => {
    emulator.reset();
    const batchId = await startBatch(6, await templateWith({ model: "gemini-2.5-flash", thinking: "off" }));
    await waitForBatchToFinish(db, batchId, 60_000);
    const batch = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(Number(batch.thoughtsTokens)).toBe(0);
    expect(Object.values(emulator.stats().projects).reduce((sum, p) => sum + p.thoughtsTokens, 0)).toBe(0);
    expect(Number(batch.outputTokens)).toBeGreaterThan(0);
  });

  it("a model Google does not offer pauses the batch once, with what to change; no image fails or is retried", async () => {
    emulator.reset();
    const batchId = await startBatch(30, await templateWith({ model: "gemini-1.0-retired", thinking: "off" }));
    const paused = await waitFor("the batch to pause", () => db.batch.findUniqueOrThrow({ where: { id: batchId } }), (b) => b.status === "paused" && b.processingCount === 0);
    expect(paused.pauseCode).toBe("model_not_found");
    expect(paused.pauseReason).toMatch(/gemini-1.0-retired.*Choose another model/s);
    expect(paused.failedCount).toBe(0);
    expect(paused.queuedCount + paused.succeededCount).toBe(30);
    // At most the images already in flight met the 404 (one call each), not 30 images × retries.
    expect(emulator.stats().requests).toBeLessThanOrEqual(SETTINGS.concurrency);
    const retried = await db.image.count({ where: { batchId, attempts: { gt: 0 } } });
    expect(retried).toBe(0); // each one's run was given back
  });

  describe("the key pool meets refused keys and per-day quotas", () => {
    const template = compileTemplate({ instructions: "Caption the image.", fields: FIELDS });
    const OFF: GeminiCallSettings = { model: "gemini-2.5-flash", thinking: "off", mediaResolution: "default", maxOutputTokens: null };
    const call = async (keyPool: KeyPool, attempts: AttemptRecord[], options: { settings?: GeminiCallSettings; marker?: string; now?: () => number } = {}) => {
      const bytes = await noiseImage();
      return generateWithRetries({
        pool: keyPool,
        clients: createGeminiClientFactory({ baseUrl: emulator.url }),
        settings: options.settings ?? OFF,
        prompt: options.marker ? `${template.prompt}\nEMULATE:${options.marker}` : template.prompt,
        image: { bytes, mimeType: "image/png" },
        responseSchema: template.responseSchema,
        validate: template.validate,
        estimatedInputTokens: 300,
        timeoutMs: 3000,
        retry: { baseMs: 10, capMs: 50, maxAttempts: 3 },
        onAttempt: (attempt) => void attempts.push(attempt),
        now: options.now,
      });
    };

    it("a leaked or invalid key answers its one probe and never gets a call; a per-day 429 with RetryInfo 36s parks its whole project until midnight Pacific", async () => {
      const keys = { leaked: key("leaked"), invalid: key("invalid"), day1: key("day1"), day2: key("day2"), good: key("good") };
      const projectOf = { [keys.leaked]: "pl", [keys.invalid]: "pi", [keys.day1]: "pd", [keys.day2]: "pd", [keys.good]: "pg" };
      emulator.configure({
        keys: { ...PROJECT_OF, ...projectOf },
        projects: { ra: QUOTA, rb: QUOTA, pl: QUOTA, pi: QUOTA, pd: QUOTA, pg: QUOTA },
        // The per-day refusal comes served as an event stream, so the SDK double-encodes it (GEMINI-API.md §1.0).
        faults: { keys: { [keys.leaked]: "key-leaked", [keys.invalid]: "key-invalid" }, projects: { pd: "429-day+sse" } },
      });
      emulator.reset();
      // The pool reads a park's end against the database's clock, so the call's clock is the real one (a fixed date
      // here became a park already over once that date had passed).
      const clock = Date.now();
      const keyPool = await createKeyPool(database.url, {
        keys: Object.entries(projectOf).map(([k, project]) => ({ key: k, project })),
        limits: QUOTA,
        probe: createKeyProber(createGeminiClientFactory({ baseUrl: emulator.url }), "gemini-2.5-flash"),
      });
      const attempts: AttemptRecord[] = [];
      try {
        for (let i = 0; i < 8; i++) await call(keyPool, attempts, { now: () => clock });
        const stats = emulator.stats().keys;
        for (const refused of [keys.leaked, keys.invalid]) {
          expect(stats[refused].probes, "one probe").toBe(1);
          expect(stats[refused].accepted).toBe(0);
          expect(stats[refused].rejected, "no generate call reached it").toBe(0);
        }
        const rows = await db.geminiKey.findMany({ where: { projectId: { in: ["pl", "pi", "pd", "pg"] } } });
        const byProject = (project: string) => rows.filter((row) => row.projectId === project);
        expect(byProject("pl")[0]).toMatchObject({ state: "invalid", stateReason: expect.stringMatching(/403.*reported as leaked/) });
        expect(byProject("pi")[0]).toMatchObject({ state: "invalid", stateReason: expect.stringMatching(/API key not valid/) });
        // One refusal parked both of pd's keys until the Pacific reset, not for the 36 s Google suggested.
        const pd = await db.geminiProject.findUniqueOrThrow({ where: { id: "pd" } });
        expect(pd.exhaustedUntil?.toISOString()).toBe(new Date(nextPacificMidnight(clock)).toISOString());
        const losAngeles = new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
        expect(losAngeles.format(pd.exhaustedUntil!)).toBe("00:00:00");
        expect(pd.exhaustedUntil!.getTime() - clock).toBeGreaterThan(0);
        expect(pd.exhaustedUntil!.getTime() - clock).toBeLessThanOrEqual(25 * 3600_000);
        expect(byProject("pd").map((row) => row.state)).toEqual(["exhausted", "exhausted"]);
        expect((stats[keys.day1]?.rejected ?? 0) + (stats[keys.day2]?.rejected ?? 0)).toBe(1);
        expect(stats[keys.good].accepted).toBe(8);
        expect(attempts.filter((a) => a.errorCode === "quota_exhausted_daily")).toHaveLength(1);
      } finally {
        emulator.configure({ faults: {} });
        await keyPool.close();
      }
    });

    it("a blocked image is failed after one call with Google's reason; thinking that fills the output room is retried once with thinking off", async () => {
      emulator.reset();
      const attempts: AttemptRecord[] = [];
      const blocked = await call(pool, attempts, { marker: "prompt-blocked" }).catch((error: unknown) => error);
      expect(blocked).toBeInstanceOf(AnalysisError);
      expect(blocked).toMatchObject({ code: "blocked", message: expect.stringContaining("PROHIBITED_CONTENT") });
      expect(attempts).toHaveLength(1);

      attempts.length = 0;
      const roomy = await call(pool, attempts, { settings: { model: "gemini-2.5-flash", thinking: "dynamic", mediaResolution: "default", maxOutputTokens: 200 } });
      expect(attempts.map((a) => a.errorCode)).toEqual(["bad_output", null]);
      expect(attempts[0].errorMessage).toMatch(/Thinking used all the output room/);
      expect(attempts[0].thoughtsTokens).toBe(200);
      expect(attempts[1].thoughtsTokens).toBe(0);
      // Both answers were billed: the image's tokens are the sum.
      expect(roomy.thoughtsTokens).toBe(200);
      expect(roomy.outputTokens).toBe(attempts[0].outputTokens + attempts[1].outputTokens);
    });
  });
});
