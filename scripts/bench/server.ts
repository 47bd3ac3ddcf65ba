import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "../../lib/db/embedded-postgres";

/**
 * Where the servers' DATA_DIRs go. On a journal-less ext4 (this machine's root) a file created near thousands deleted
 * in the last minutes costs 0.4-0.7 ms of kernel CPU instead of 0.05 ms (the allocator steps over every recently freed
 * inode), and each run empties its DATA_DIR: in /tmp, or in one shared folder, every run paid for the run before it.
 * Marked as a top of directory trees (chattr +T), the folder's run directories are spread over the disk like top-level
 * ones; where that is not possible nothing changes but the figures (docs/BENCHMARKS.md).
 */
function benchDataRoot() {
  const root = path.resolve(".data/bench-runs");
  mkdirSync(root, { recursive: true });
  spawnSync("chattr", ["+T", root], { stdio: "ignore" });
  return root;
}

/** This shell's environment without Loupe's own settings: a developer's Gemini keys or Inngest variables stay out. */
function inheritedEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GEMINI_|INNGEST_|DATABASE_URL$|WORKER|MAX_|FETCH_|METRICS_|PUBLIC_URL$)/.test(name)));
}

/**
 * The real server as `npm start` runs it (scripts/start.ts: build if needed → migrations → next start with the worker
 * inside), on a free loopback port with a throw-away DATA_DIR. Its output goes to bench/out/<name>-server.log.
 */
export async function startLoupeServer(name: string, env: Record<string, string>, readyTimeoutMs = 15 * 60_000) {
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(benchDataRoot(), `${name}-`));
  mkdirSync("bench/out", { recursive: true });
  const logFile = path.join("bench/out", `${name}-server.log`);
  const log = createWriteStream(logFile);
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], {
    env: { ...inheritedEnv(), NODE_ENV: "production", LOG_LEVEL: "warn", LOUPE_DEMO: "off", ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server was not ready in ${readyTimeoutMs / 1000} s; see ${logFile}`)), readyTimeoutMs);
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`the server exited (code ${code}); see ${logFile}`))));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Loupe is running at")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    logFile,
    /** SIGTERM to scripts/start.ts, which stops the Next server and waits for it. */
    stop: async () => {
      child.removeAllListeners("exit");
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      }
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
