import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate";
import { watchMachine } from "./cpu";

export { watchMachine };

// Every benchmark imports this module first thing: the machine is watched from then until writeResult.
const machineSince = watchMachine();

/**
 * A throw-away migrated PostgreSQL for a benchmark. With `statements`, it loads pg_stat_statements (a restart: the
 * library must be preloaded), so the benchmark can show which statements ran how often.
 */
export async function benchDatabase({ statements = false } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-pg-"));
  let db = await startEmbeddedPostgres({ dataDir });
  if (statements) {
    await db.stop();
    appendFileSync(path.join(dataDir, "postgresql.auto.conf"), "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = 'all'\n");
    db = await startEmbeddedPostgres({ dataDir });
  }
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

/** Resets this process's peak RSS to its current RSS (Linux clear_refs "5"), so a peak measures only what follows. */
export function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    /* not Linux, or not allowed: the peak then includes what came before */
  }
}

/** One reported number, with its goal when it has one (met = null: shown for context, no goal). */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  goal: string | null;
  met: boolean | null;
}

export const atLeast = (figure: string, value: number, unit: string, goal: number): Figure => ({ figure, value, unit, goal: `≥ ${goal.toLocaleString("en")}`, met: value >= goal });
export const atMost = (figure: string, value: number, unit: string, goal: number): Figure => ({ figure, value, unit, goal: `≤ ${goal.toLocaleString("en")}`, met: value <= goal });
export const none = (figure: string, value: number, unit = ""): Figure => ({ figure, value, unit, goal: "0", met: value === 0 });
export const shown = (figure: string, value: number, unit: string): Figure => ({ figure, value, unit, goal: null, met: null });

/** Nearest-rank percentile of a list of numbers (ms), rounded to 0.1. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] * 10) / 10;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Writes bench/out/<name>.json and prints the result; the last line, `BENCH_RESULT {json}`, is what `npm run bench`
 * (scripts/bench/all.ts) collects.
 */
export function writeResult(name: string, result: Record<string, unknown>, figures: Figure[] = [], measuredPhase?: { busyPercent: number; otherWorkPercent: number }) {
  const { busyPercent, otherWorkPercent } = measuredPhase ?? machineSince();
  figures.push(shown("machine CPU busy during the run (all processes)", busyPercent, "%"), shown("of which other work on the machine", otherWorkPercent, "%"));
  const record = { benchmark: name, at: new Date().toISOString(), machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`, ...result, figures };
  mkdirSync("bench/out", { recursive: true });
  writeFileSync(path.join("bench/out", `${name}.json`), JSON.stringify(record, null, 2));
  console.log(JSON.stringify(result, null, 2));
  for (const f of figures) console.log(`  ${f.figure}: ${f.value}${f.unit ? ` ${f.unit}` : ""}${f.goal ? ` (goal ${f.goal}: ${f.met ? "met" : "NOT met"})` : ""}`);
  console.log(`BENCH_RESULT ${JSON.stringify(record)}`);
}

/** The size a benchmark runs at: `-- --rows N` on its command line, else BENCH_ROWS, else its default. */
export function benchRows(defaultRows: number): number {
  const at = process.argv.indexOf("--rows");
  const rows = Number(at >= 0 ? process.argv[at + 1] : (process.env.BENCH_ROWS ?? defaultRows));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows / BENCH_ROWS must be a whole number of rows, not ${at >= 0 ? process.argv[at + 1] : process.env.BENCH_ROWS}`);
  return rows;
}
