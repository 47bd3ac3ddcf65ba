// `npm run bench:pool`: N images through the key pool against the emulator (in its own process, so its CPU is not ours),
// 6 keys in 3 projects. Prints used ÷ allowed quota (goal ≥ 0.97) and CPU ms per image in this process (goal ≤ 5 ms).
import sharp from "sharp";
import { createGeminiClientFactory } from "../../lib/gemini/create-client";
import { generateWithRetries } from "../../lib/gemini/generate-with-retries";
import { createKeyPool } from "../../lib/gemini/key-pool";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { compileTemplate } from "../../lib/templates/compile-template";
import { benchKeys, startEmulatorProcess } from "./fixtures";
import type { GeminiCallSettings } from "../../lib/gemini/models";

const OFF_THINKING: GeminiCallSettings = { model: "gemini-2.5-flash", thinking: "off", mediaResolution: "default", maxOutputTokens: null };
import { atLeast, atMost, benchDatabase, none, shown, writeResult } from "./lib";

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const RPM = Number(process.env.BENCH_RPM ?? 40);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 3);
const IMAGES = 3 * RPM * WINDOWS;
const CONCURRENCY = 40;

const keys = benchKeys();
const emulator = await startEmulatorProcess({
  projects: Object.fromEntries(["a", "b", "c"].map((p) => [`bench-${p}`, { rpm: RPM, tpm: 10_000_000, rpd: 1_000_000 }])),
  keys: Object.fromEntries(keys.map((k) => [k.key, k.project])),
  windowMs: WINDOW_MS,
  latencyMs: { min: 50, max: 150 },
});
const baseUrl = emulator.url;

const database = await benchDatabase();
const pool = await createKeyPool(database.url, { keys, limits: { rpm: RPM, tpm: 10_000_000, rpd: 1_000_000 }, windowMs: WINDOW_MS });
const template = compileTemplate(BUILT_IN_TEMPLATES[0]);
const images = await Promise.all(Array.from({ length: 16 }, (_, i) => sharp({ create: { width: 64, height: 64, channels: 3, background: { r: i * 15, g: 90, b: 200 } } }).jpeg().toBuffer()));
try {
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < IMAGES) {
        const index = next++;
        await generateWithRetries({
          pool, clients: createGeminiClientFactory({ baseUrl }), settings: OFF_THINKING, prompt: template.prompt, image: { bytes: images[index % images.length], mimeType: "image/jpeg" },
          responseSchema: template.responseSchema, validate: template.validate, estimatedInputTokens: 300, timeoutMs: 10_000,
          retry: { baseMs: 200, capMs: 2000, maxAttempts: 5 },
        }).catch(() => (failed += 1));
      }
    }),
  );
  const elapsedMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const accepted = Object.values((await emulator.stats()).projects);
  // A perfect client sends a full window's quota at once, then again each time the window slides: its last batch starts
  // (windows - 1) windows after the first. The ratio of that ideal time to ours is the share of the quota we used.
  const meanLatencyMs = 100;
  const used = accepted.reduce((n, p) => n + p.accepted, 0);
  const idealMs = (used / (3 * RPM) - 1) * WINDOW_MS;
  const quotaUsedRatio = Math.round((idealMs / (elapsedMs - meanLatencyMs)) * 1000) / 1000;
  const cpuMsPerImage = Math.round(((cpu.user + cpu.system) / 1000 / IMAGES) * 100) / 100;
  const rejected429 = accepted.reduce((n, p) => n + (p.rejected["429"] ?? 0), 0);
  writeResult(
    "pool",
    {
      images: IMAGES, failed, keys: 6, projects: 3, windowMs: WINDOW_MS, rpmPerProject: RPM, elapsedSeconds: elapsedMs / 1000,
      requestsAccepted: used, quotaUsedRatio, goalQuotaUsedRatio: 0.97, cpuMsPerImage, goalCpuMsPerImage: 5,
      maxRequestsInAnyWindow: Math.max(...accepted.map((p) => p.maxInWindow)), rejected429,
    },
    [
      shown("images", IMAGES, "images"),
      atLeast("quota use ratio", quotaUsedRatio, "", 0.97),
      atMost("CPU per image", cpuMsPerImage, "ms", 5),
      shown("429 answers", rejected429, ""),
      none("failures", failed),
    ],
  );
} finally {
  await pool.close();
  await database.stop();
  emulator.stop();
}
