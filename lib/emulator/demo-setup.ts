import { startGeminiEmulator, type EmulatorOptions } from "./start-gemini-emulator";

/** Six demo keys in three projects at 60 requests/min each: what LOUPE_DEMO=1 and `npm run emulator` run against. */
export const DEMO_EMULATOR: EmulatorOptions = {
  projects: { "demo-a": { rpm: 60, tpm: 1_000_000, rpd: 100_000 }, "demo-b": { rpm: 60, tpm: 1_000_000, rpd: 100_000 }, "demo-c": { rpm: 60, tpm: 1_000_000, rpd: 100_000 } },
  keys: {
    "demo-key-1": "demo-a",
    "demo-key-2": "demo-a",
    "demo-key-3": "demo-b",
    "demo-key-4": "demo-b",
    "demo-key-5": "demo-c",
    "demo-key-6": "demo-c",
  },
  latencyMs: { min: 150, max: 600 },
};

export const demoKeysEnv = () =>
  Object.entries(DEMO_EMULATOR.keys)
    .map(([key, project]) => `${project}:${key}`)
    .join(",");

export async function startDemoEmulator(port = 0) {
  return startGeminiEmulator({ ...DEMO_EMULATOR, port });
}
