import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { runningEmbeddedUrl } from "../../lib/db/embedded-postgres";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startImageServer } from "./helpers/image-server";

// A second, private server: killed with SIGKILL (app, worker and its PostgreSQL together, as a power cut would) mid-batch.
const PORT = Number(process.env.E2E_PORT ?? 3217) + 1;
const base = `http://127.0.0.1:${PORT}`;
test.setTimeout(240_000);

function startServer(dataDir: string, port = PORT): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve("."),
    detached: true, // its own process group, so one kill takes the whole tree
    stdio: "ignore",
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, FETCH_ALLOWLIST: "127.0.0.1", WORKER_CONCURRENCY: "4", DATABASE_URL: "", LOUPE_DEMO: "off" },
  });
}

/** The private server's embedded PostgreSQL, found the way `npm run loupe` finds it. */
function databaseUrl(dataDir: string): string {
  const url = runningEmbeddedUrl(path.join(dataDir, "pg"));
  if (!url) throw new Error("the private server's PostgreSQL is not running");
  return url;
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined as T);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test("kill -9 mid-batch, restart: every image ends exactly once, nothing stuck in processing", async () => {
  const images = await startImageServer({ slowMs: 250 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-crash-"));
  let server = startServer(dataDir);
  try {
    await waitFor(() => fetch(`${base}/api/health`).then((r) => r.ok), Boolean, 120_000);
    const auth = await apiAuthHeaders(databaseUrl(dataDir), "analyst");
    const urls = Array.from({ length: 120 }, (_, i) => images.url(`/slow/${1000 + i}.png`));
    const created = await (await fetch(`${base}/api/v1/batches`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name: "Crash", urls, templateId: "local" }) })).json();
    const batchId = created.batches[0].id;
    const batch = () => fetch(`${base}/api/v1/batches/${batchId}`, { headers: auth }).then((r) => r.json());
    await waitFor(batch, (b) => b.counts.succeeded >= 20, 60_000);

    process.kill(-server.pid!, "SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
    server = startServer(dataDir);
    await waitFor(() => fetch(`${base}/api/health`).then((r) => r.ok), Boolean, 120_000);

    const done = await waitFor(batch, (b) => b.status === "completed" || b.status === "completed_with_errors", 120_000);
    expect(done.counts).toMatchObject({ total: 120, succeeded: 120, failed: 0, processing: 0, queued: 0 });

    // Straight to the database: one result per image, one successful attempt per image, counters equal to rows.
    const client = new pg.Client({ connectionString: databaseUrl(dataDir) });
    await client.connect();
    const rows = await client.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'processing')::int AS processing,
              count(*) FILTER (WHERE result IS NULL)::int AS without_result FROM images WHERE batch_id = $1`,
      [batchId],
    );
    const successes = await client.query(
      `SELECT max(n)::int AS most, min(n)::int AS least, count(*) FILTER (WHERE n > 1)::int AS repeated FROM (SELECT count(*) AS n FROM image_attempts a JOIN images i ON i.id = a.image_id
       WHERE i.batch_id = $1 AND a.error_code IS NULL GROUP BY a.image_id) per_image`,
      [batchId],
    );
    await client.end();
    expect(rows.rows[0]).toEqual({ succeeded: 120, processing: 0, without_result: 0 });
    // An analysis that finished in the instant before the kill, but whose result was not committed, runs again after the
    // restart: at most the images in flight (WORKER_CONCURRENCY = 4) may show a second successful attempt; one result each.
    expect(successes.rows[0].least).toBe(1);
    expect(successes.rows[0].most).toBeLessThanOrEqual(2);
    expect(successes.rows[0].repeated).toBeLessThanOrEqual(4);
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 3000));
    await images.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Processes whose parent is `pid`, with their command names (Linux /proc). */
function childrenOf(pid: number) {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid ? [{ pid: Number(entry), name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) }] : [];
      } catch {
        return [];
      }
    });
}

test("when only `npm start`'s own process is killed with SIGKILL, its Next server stops too and frees the port", async () => {
  const port = PORT + 1;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-orphan-"));
  const server = startServer(dataDir, port);
  try {
    await waitFor(() => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok), Boolean, 120_000);
    const next = childrenOf(server.pid!).find((child) => child.name.startsWith("next-server"));
    expect(next, "the Next server is start.ts's child").toBeTruthy();

    process.kill(server.pid!, "SIGKILL"); // start.ts alone: its children live on as orphans
    // Gone, or a zombie waiting for whoever adopted it to reap it.
    const running = async () => existsSync(`/proc/${next!.pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${next!.pid}/stat`, "utf8"));
    await waitFor(running, (alive) => !alive, 30_000);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  } finally {
    try {
      process.kill(-server.pid!, "SIGKILL"); // whatever is left of the group (its PostgreSQL)
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
