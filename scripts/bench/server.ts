import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../lib/db/embedded-postgres";

/**
 * The real server as `npm start` runs it (scripts/start.ts: build if needed → migrations → next start with the worker
 * inside), on a free loopback port with a throw-away DATA_DIR. Its output goes to bench/out/<name>-server.log.
 */
export async function startLoupeServer(name: string, env: Record<string, string>, readyTimeoutMs = 15 * 60_000) {
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-server-"));
  mkdirSync("bench/out", { recursive: true });
  const logFile = path.join("bench/out", `${name}-server.log`);
  const log = createWriteStream(logFile);
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], {
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", LOUPE_DEMO: "off", ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
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

/** Share of the machine's CPU time that was busy between two readings of /proc/stat (all processes, not just ours). */
export function machineCpu() {
  const read = () => {
    const values = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: values[3] + values[4], total: values.reduce((a, b) => a + b, 0) };
  };
  const start = read();
  return {
    busyPercent: () => {
      const end = read();
      return Math.round((1 - (end.idle - start.idle) / Math.max(1, end.total - start.total)) * 100);
    },
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks (user + system, with reaped children) of every process, and each one's parent and name. */
function processTable() {
  const table = new Map<number, { ppid: number; name: string; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the name: state ppid … utime(12) stime(13) cutime(14) cstime(15), 0-based from state.
      table.set(Number(entry), { ppid: Number(fields[1]), name, ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    } catch {
      /* gone meanwhile */
    }
  }
  return table;
}

/**
 * CPU seconds used since this call by named groups of processes: each group is a root pid and its descendants,
 * or (`name`) the descendants of this process with that command name (postgres). Processes that exit in between are lost.
 */
export function processCpu<K extends string>(groups: Record<K, { pid: number } | { name: string }>) {
  const sum = (table: ReturnType<typeof processTable>) => {
    const children = new Map<number, number[]>();
    for (const [pid, row] of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), pid]);
    const subtree = (root: number): number[] => [root, ...(children.get(root) ?? []).flatMap(subtree)];
    const mine = subtree(process.pid);
    return Object.fromEntries(
      (Object.entries(groups) as [K, { pid: number } | { name: string }][]).map(([label, group]) => {
        const pids = "pid" in group ? subtree(group.pid) : mine.filter((pid) => table.get(pid)?.name === group.name);
        return [label, pids.reduce((n, pid) => n + (table.get(pid)?.ticks ?? 0), 0)];
      }),
    ) as Record<K, number>;
  };
  const start = sum(processTable());
  return {
    seconds: (): Record<K, number> => {
      const end = sum(processTable());
      return Object.fromEntries((Object.keys(groups) as K[]).map((label) => [label, Math.round(((end[label] - start[label]) / TICKS_PER_SECOND) * 10) / 10])) as Record<K, number>;
    },
  };
}
