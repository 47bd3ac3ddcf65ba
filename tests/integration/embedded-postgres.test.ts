import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-embedded-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function canQuery(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query("SELECT 41 + 1 AS answer");
  await client.end();
  return result.rows[0].answer;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("embedded PostgreSQL", () => {
  it("starts after a crash that left the old server running (kill -9 of its owner)", async () => {
    // A child process owns the server and is killed with SIGKILL, as a crashed `npm start` would be.
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve("lib/db/embedded-postgres.ts"))};
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log("READY " + db.url); setInterval(() => {}, 1e9);`;
    const scriptFile = path.join(os.tmpdir(), `loupe-owner-${process.pid}.mts`);
    writeFileSync(scriptFile, script);
    const owner = spawn(process.execPath, ["--import", "tsx", scriptFile], { stdio: ["ignore", "pipe", "inherit"] });
    const firstUrl = await new Promise<string>((resolve, reject) => {
      owner.stdout.on("data", (chunk: Buffer) => {
        const line = chunk.toString().match(/READY (\S+)/);
        if (line) resolve(line[1]);
      });
      owner.on("exit", () => reject(new Error("owner exited early")));
    });
    expect(await canQuery(firstUrl)).toBe(42);
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    const orphanPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    expect(isAlive(orphanPid)).toBe(true);

    const db = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await canQuery(db.url)).toBe(42);
      expect(isAlive(orphanPid)).toBe(false);
    } finally {
      await db.stop();
      rmSync(scriptFile, { force: true });
    }
  });

  it("ignores a stale postmaster.pid whose process is gone", async () => {
    writeFileSync(path.join(dataDir, "postmaster.pid"), "999999\n");
    const db = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await canQuery(db.url)).toBe(42);
    } finally {
      await db.stop();
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });
});
