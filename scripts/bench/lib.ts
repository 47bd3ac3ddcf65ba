import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate";

/** A throw-away migrated PostgreSQL for a benchmark. */
export async function benchDatabase() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-pg-"));
  const db = await startEmbeddedPostgres({ dataDir });
  await migrateDatabase(db.url);
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Peak resident memory of this process so far, in MB (VmHWM). */
export function peakRssMb(pid: number | "self" = "self"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

export function writeResult(name: string, result: Record<string, unknown>) {
  mkdirSync("bench/out", { recursive: true });
  writeFileSync(path.join("bench/out", `${name}.json`), JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`, ...result }, null, 2));
  console.log(JSON.stringify(result, null, 2));
}
