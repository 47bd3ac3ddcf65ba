import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { failureOf, generateWith, sdkFor, solidImage } from "./emulator-sdk-helpers";

// models.get / models.list: the cheap call that checks a key. It answers the key's faults, uses no quota and is counted apart.
const KEYS = { AIzaProbeKey1: "probe-a", AIzaProbeKey2: "probe-a" };

describe("emulator probe route through @google/genai", () => {
  let emulator: GeminiEmulator;
  const ai = (key = "AIzaProbeKey1") => sdkFor(emulator, key);

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { "probe-a": { rpm: 1, tpm: 1_000_000, rpd: 100 } }, keys: KEYS });
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ faults: undefined });
  });

  it("models.get returns the Model resource; models.list lists every known model", async () => {
    const pro = await ai().models.get({ model: "gemini-2.5-pro" });
    expect(pro).toMatchObject({ name: "models/gemini-2.5-pro", displayName: "Gemini 2.5 Pro", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, thinking: true });
    expect(pro.version).toBeTruthy();
    expect(pro.supportedActions).toEqual(["generateContent", "countTokens", "batchGenerateContent"]);
    expect((await ai().models.get({ model: "gemini-2.0-flash" })).thinking).toBe(false);

    const listed = await fetch(`${emulator.url}/v1beta/models`, { headers: { "x-goog-api-key": "AIzaProbeKey1" } }).then((response) => response.json());
    const names = (listed.models as { name: string }[]).map((model) => model.name);
    expect(names).toEqual(expect.arrayContaining(["models/gemini-2.5-flash", "models/gemini-2.5-pro", "models/gemini-2.5-flash-lite", "models/gemini-2.0-flash", "models/gemini-2.5-flash-image"]));
  });

  it("an unknown model is a 404 and an unknown key a 400 on the probe too", async () => {
    const missing = await failureOf(ai().models.get({ model: "gemini-0-nano" }));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^models\/gemini-0-nano is not found for API version v1beta/);
    const unknownKey = await failureOf(sdkFor(emulator, "AIzaNobodyKnowsMe").models.get({ model: "gemini-2.5-flash" }));
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "API_KEY_INVALID" })]));
  });

  it("probes are counted under probes, not requests, and use no quota", async () => {
    for (let i = 0; i < 5; i++) await ai().models.get({ model: "gemini-2.5-flash" });
    await ai("AIzaProbeKey2").models.get({ model: "gemini-2.5-flash" });
    // The project allows one call a minute: it is still there after six probes.
    await expect(generateWith(ai(), null, await solidImage(32, 32))).resolves.toBeTruthy();
    const stats = emulator.stats();
    expect(stats).toMatchObject({ requests: 1, probes: 6 });
    expect(stats.keys.AIzaProbeKey1).toEqual({ accepted: 1, rejected: 0, probes: 5 });
    expect(stats.keys.AIzaProbeKey2).toEqual({ accepted: 0, rejected: 0, probes: 1 });
    expect(stats.projects["probe-a"].accepted).toBe(1);
  });

  it("a key's own faults answer the probe, generateContent and countTokens alike; other keys are untouched", async () => {
    for (const [fault, status] of [["key-invalid", 400], ["key-leaked", 403], ["key-denied", 403], ["api-disabled", 403]] as const) {
      emulator.configure({ faults: { keys: { AIzaProbeKey1: fault } } });
      expect((await failureOf(ai().models.get({ model: "gemini-2.5-flash" }))).status, fault).toBe(status);
      expect((await failureOf(ai().models.countTokens({ model: "gemini-2.5-flash", contents: "hello" }))).status, fault).toBe(status);
      expect((await failureOf(generateWith(ai(), null, await solidImage(16, 16)))).status, fault).toBe(status);
      await expect(ai("AIzaProbeKey2").models.get({ model: "gemini-2.5-flash" })).resolves.toBeTruthy();
    }
    // A project's fault names the key too: every key of the project.
    emulator.configure({ faults: { projects: { "probe-a": "key-leaked" } } });
    expect((await failureOf(ai("AIzaProbeKey2").models.get({ model: "gemini-2.5-flash" }))).status).toBe(403);
  });

  it("x-emulate reaches the probe for the service's failures", async () => {
    const overloaded = await failureOf(ai().models.get({ model: "gemini-2.5-flash", config: { httpOptions: { headers: { "x-emulate": "503" } } } }));
    expect(overloaded.status).toBe(503);
  });
});
