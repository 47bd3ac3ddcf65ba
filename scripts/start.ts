// `npm start`: build when needed → database (embedded unless DATABASE_URL) → migrations → Next server.
// `npm run dev` (--dev) does the same with the Next dev server.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "../lib/config";
import { migrateDatabase } from "../lib/db/migrate";
import { ensureAuthSecret } from "../lib/auth/ensure-auth-secret";
import { demoKeysEnv, startDemoEmulator } from "../lib/emulator/demo-setup";
import { buildIfNeeded } from "./lib/build";
import { openDatabase } from "./lib/database";
import { SERVER_V8_FLAGS, serverNodeOptions } from "./lib/server-node-options";

const dev = process.argv.includes("--dev");

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && server.exitCode === null) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

async function main() {
  const startedAt = Date.now();
  const config = loadConfigOrExit();
  if (!dev) buildIfNeeded();

  const { url: databaseUrl, embedded } = await openDatabase(config);
  let server: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => {
        const timer = setTimeout(() => (server?.kill("SIGKILL"), resolve(null)), 10_000);
        server!.once("exit", () => (clearTimeout(timer), resolve(null)));
      });
    }
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    const applied = await migrateDatabase(databaseUrl);
    if (applied.length) console.log(`Applied ${applied.length} migration(s).`);
  } catch (error) {
    console.error(String((error as Error).message));
    await stop(1);
  }

  // LOUPE_DEMO: the full Gemini flow against the built-in emulator with six demo keys, no Google account needed.
  const demo = config.LOUPE_DEMO && config.geminiKeys.length === 0 ? await startDemoEmulator() : null;
  const env = {
    ...process.env,
    ...(demo ? { GEMINI_API_KEYS: demoKeysEnv(), GEMINI_BASE_URL: demo.url, GEMINI_RPM: "60" } : {}),
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: ensureAuthSecret(config),
    NEXTAUTH_SECRET: ensureAuthSecret(config),
    // next-auth builds its callback URLs from PUBLIC_URL when set, otherwise from the Host the browser used.
    ...(config.PUBLIC_URL ? { NEXTAUTH_URL: config.PUBLIC_URL } : { AUTH_TRUST_HOST: "1" }),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS),
    LOUPE_OWNED_BY_START: "1", // the server ends if this process is killed outright (lib/server/end-with-parent.ts)
  };
  const next = path.join(process.cwd(), "node_modules/next/dist/bin/next");
  server = spawn(process.execPath, [...SERVER_V8_FLAGS, next, dev ? "dev" : "start", "-p", String(config.PORT), "-H", config.HOST], { stdio: ["ignore", "pipe", "inherit"], env });
  // Next's own banner is noise next to ours; keep the rest of its output.
  server.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (!/^\s*(▲|- (Local|Network|Environments)|✓ (Ready|Starting))/m.test(text)) process.stdout.write(text);
  });
  server.on("exit", (code) => {
    if (!stopping) {
      console.error(`The Next server exited (code ${code}).`);
      void stop(code ?? 1);
    }
  });

  const localUrl = `http://localhost:${config.PORT}`;
  if (await waitForHealth(`http://127.0.0.1:${config.PORT}`, server)) {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    if (demo) console.log(`Demo mode: Gemini calls go to the emulator at ${demo.url} (six demo keys in three projects).`);
    console.log(`\nLoupe is running at ${localUrl} (database: ${embedded ? "embedded PostgreSQL in " + path.join(config.dataDir, "pg") : "DATABASE_URL"}; ready in ${seconds}s)\nPress Ctrl-C to stop.\n`);
  } else if (!stopping) {
    console.error("Loupe did not become healthy in time; stopping.");
    await stop(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
