import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { loadConfig, type Config } from "../../lib/config";
import { startGeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import type { WorkerSettings } from "../../lib/worker/start-worker";

/** Shared set-up of tests/integration/faults.test.ts: every wait is bounded and small (a 2 s Gemini timeout, a 1.5 s image-fetch timeout, short backoffs). */
export const KEYS = ["f-a", "f-b", "f-c"].flatMap((project, p) => [1, 2].map((n) => ({ key: `AIzaFaultKey${p}${n}000000000000000000000`, project })));
export const QUOTA = { rpm: 1000, tpm: 10_000_000, rpd: 1_000_000 };
export const SETTINGS: WorkerSettings = { concurrency: 8, dispatchWindow: 32, leaseSeconds: 60, maxRuns: 3, retryBaseMs: 50, retryCapMs: 300, tickMs: 500, deadAfterSeconds: 10 };
export const FIELDS = [{ name: "caption", type: "string" as const, required: true }];

/** A small image whose bytes (and re-encoded JPEG) differ from every other one: noise. */
export const noiseImage = (side = 48) => sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();

export function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), "loupe-faults-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export function faultConfig(extra: Record<string, string>): Config {
  return loadConfig({
    GEMINI_API_KEYS: KEYS.map((k) => `${k.project}:${k.key}`).join(","),
    GEMINI_TIMEOUT_MS: "2000",
    RETRY_BASE_MS: "50",
    RETRY_CAP_MS: "300",
    RETRY_MAX_ATTEMPTS: "3",
    FETCH_ALLOWLIST: "127.0.0.1",
    FETCH_TIMEOUT_MS: "1500",
    MAX_UPLOAD_MB: "1",
    ...extra,
  });
}

export async function startEmulator(latencyMs: { min: number; max: number }) {
  return startGeminiEmulator({ projects: Object.fromEntries(KEYS.map((k) => [k.project, QUOTA])), keys: Object.fromEntries(KEYS.map((k) => [k.key, k.project])), latencyMs });
}
