import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // server-only throws outside React's server build; tests import server modules directly.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
};

// Tests render no CSS; skipping postcss.config.mjs keeps Tailwind's native modules (which hold the process open) unloaded.
const noPostcss = { postcss: { plugins: [] } };

export default defineConfig({
  css: noPostcss,
  test: {
    projects: [
      { resolve: { alias }, css: noPostcss, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } } },
      {
        resolve: { alias },
        css: noPostcss,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Only warnings and errors from the code under test; the access test turns info back on to grep every line.
          env: { LOG_LEVEL: "warn" },
          environment: "node",
          globalSetup: ["tests/helpers/global-postgres.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files share one embedded PostgreSQL (a database each); two cores, so keep parallelism modest.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
