import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The e2e server is the real thing: scripts/start.ts (build if needed → embedded PostgreSQL → migrations → next start),
// on its own port and a throw-away data directory that scripts/test.ts empties before each run.
export const e2ePort = Number(process.env.E2E_PORT ?? 3217);
export const e2eDataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `loupe-e2e-${e2ePort}`);
export const baseURL = `http://127.0.0.1:${e2ePort}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.e2e.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results/e2e",
  reporter: [["list"]],
  // First run (create the first admin, sign in) before everything else; the rest start signed in as that admin.
  projects: [
    { name: "first-run", testMatch: "setup/first-run.e2e.ts" },
    { name: "app", testIgnore: "setup/**", dependencies: ["first-run"], use: { storageState: "test-results/e2e/.auth/admin.json" } },
  ],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `${path.resolve("node_modules/.bin/tsx")} scripts/start.ts`,
    url: `${baseURL}/api/health`,
    timeout: 600_000, // next build on a busy 2-core machine can take minutes
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(e2ePort),
      HOST: "127.0.0.1",
      DATA_DIR: e2eDataDir,
      MAX_BATCH_SIZE: "5000",
      FETCH_ALLOWLIST: "127.0.0.1",
      WEBHOOK_ALLOWLIST: "127.0.0.1",
      WEBHOOK_RETRY_BASE_MS: "500",
      LOG_LEVEL: "warn",
      // The full Gemini flow against the built-in emulator (six demo keys, three projects).
      LOUPE_DEMO: "on",
      DATABASE_URL: "",
    },
  },
});
