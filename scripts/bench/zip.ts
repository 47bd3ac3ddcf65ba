// `npm run bench:zip [-- --entries N]`: the ZIP writer that exports use (lib/export/zip-writer.ts) against yazl and
// archiver used directly, on the same entries: 10,000 incompressible 200 KB "JPEGs" stored (level 0), 2,000 of them
// deflated at the default level 6, and one 512 MB CSV-like text deflated at level 1 (as XLSX sheets are) and 6, each into
// a null sink. Every case runs in a fresh child process, so its peak RSS and CPU time are its own, twice, alternating
// writers, the faster run kept (the machine is shared). A last case per writer feeds a
// slow consumer (~20 MB/s) and reports the most bytes ever taken from the entries' sources but not yet written out:
// a writer that honours back-pressure keeps that to a few hundred KB, whatever the archive's size.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { ZipWriter } from "../../lib/export/zip-writer";
import { atMost, peakRssMb, round, shown, writeResult, type Figure } from "./lib";

type WriterName = "loupe" | "yazl" | "archiver";
type WorkloadName = "images-store" | "images-deflate6" | "csv-deflate1" | "csv-deflate6" | "slow-consumer";
interface Workload { entries: number; entryBytes: number; level: number; data: "image" | "csv"; slow?: boolean }
interface CaseResult { writer: WriterName; workload: WorkloadName; seconds: number; inputMb: number; outputMb: number; cpuMs: number; peakRssMb: number; maxInFlightKb: number }

const at = process.argv.indexOf("--entries");
const ENTRIES = Number(at >= 0 ? process.argv[at + 1] : (process.env.BENCH_ZIP_ENTRIES ?? 10_000));
const WORKLOADS: Record<WorkloadName, Workload> = {
  "images-store": { entries: ENTRIES, entryBytes: 200 * 1024, level: 0, data: "image" },
  "images-deflate6": { entries: Math.ceil(ENTRIES / 5), entryBytes: 200 * 1024, level: 6, data: "image" },
  "csv-deflate1": { entries: 1, entryBytes: 512 * 1048576, level: 1, data: "csv" },
  "csv-deflate6": { entries: 1, entryBytes: 512 * 1048576, level: 6, data: "csv" },
  "slow-consumer": { entries: 500, entryBytes: 200 * 1024, level: 0, data: "image", slow: true },
};
const WRITERS: WriterName[] = (process.env.BENCH_ZIP_WRITERS ?? "loupe,yazl,archiver").split(",") as WriterName[];
const GOAL_IN_FLIGHT_KB = 1024;
const SLICE = 64 * 1024;

// archiver 5 (a dependency of exceljs) has no types here: the few calls used.
interface Archiver extends NodeJS.ReadableStream {
  append(source: Readable, data: { name: string; store?: boolean }): void;
  finalize(): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): this;
}
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: { zlib?: { level: number }; store?: boolean }) => Archiver;

const image = randomBytes(200 * 1024);
const csv = Buffer.from(Array.from({ length: 12_000 }, (_, n) => `${n},"A red leather bag number ${n}",SKU-${n * 7919},Brand ${n % 50},${n % 300},${(n % 100) / 100},bag;red;leather\n`).join(""));

/** One entry's bytes in 64 KB slices (no copies: the source costs every writer the same), counted as they are taken. */
function entrySource(workload: Workload, taken: { bytes: number }): AsyncIterable<Buffer> {
  const data = workload.data === "image" ? image : csv;
  return (async function* () {
    for (let sent = 0; sent < workload.entryBytes; ) {
      const start = sent % data.length;
      const slice = data.subarray(start, Math.min(data.length, start + SLICE, start + workload.entryBytes - sent));
      sent += slice.length;
      taken.bytes += slice.length;
      yield slice;
    }
  })();
}

async function runCase(writer: WriterName, workloadName: WorkloadName): Promise<CaseResult> {
  const workload = WORKLOADS[workloadName];
  const taken = { bytes: 0 };
  let written = 0;
  let maxInFlight = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (!workload.slow) return done();
      // The slow consumer: 1 ms a chunk. Its entries are incompressible, so bytes out match bytes taken.
      maxInFlight = Math.max(maxInFlight, taken.bytes - written);
      setTimeout(done, 1);
    },
  });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const name = (i: number) => `${workload.data === "image" ? "images" : "sheets"}/entry-${i}.${workload.data === "image" ? "jpg" : "csv"}`;
  if (writer === "loupe") {
    const zip = new ZipWriter(sink, { level: workload.level });
    for (let i = 0; i < workload.entries; i++) await zip.add(name(i), entrySource(workload, taken));
    await zip.finish();
    await new Promise((resolve) => sink.on("finish", resolve));
  } else if (writer === "yazl") {
    const zip = new yazl.ZipFile();
    const done = pipeline(zip.outputStream, sink);
    for (let i = 0; i < workload.entries; i++) {
      // Lazily, one at a time: each source is opened only when yazl reaches its entry.
      zip.addReadStreamLazy(name(i), { compressionLevel: workload.level }, (callback) => callback(null, Readable.from(entrySource(workload, taken), { objectMode: false })));
    }
    zip.end();
    await done;
  } else {
    const zip = archiver("zip", workload.level === 0 ? { store: true } : { zlib: { level: workload.level } });
    const done = pipeline(zip, sink);
    // archiver queues every append: each entry is added when the previous one is taken, as an export would.
    for (let i = 0; i < workload.entries; i++) {
      const source = Readable.from(entrySource(workload, taken), { objectMode: false });
      const consumed = new Promise((resolve) => source.on("end", resolve));
      zip.append(source, { name: name(i), store: workload.level === 0 });
      await consumed;
    }
    await zip.finalize();
    await done;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { writer, workload: workloadName, seconds: round(seconds, 2), inputMb: round(taken.bytes / 1048576), outputMb: round(written / 1048576), cpuMs: Math.round((used.user + used.system) / 1000), peakRssMb: peakRssMb(), maxInFlightKb: Math.round(maxInFlight / 1024) };
}

const caseAt = process.argv.indexOf("--case");
if (caseAt >= 0) {
  const [writer, workload] = process.argv[caseAt + 1].split(":") as [WriterName, WorkloadName];
  console.log(`ZIP_CASE ${JSON.stringify(await runCase(writer, workload))}`);
  process.exit(0);
}

const REPEATS = Number(process.env.BENCH_ZIP_REPEATS ?? 2);
const best = new Map<string, CaseResult>();
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const workload of Object.keys(WORKLOADS) as WorkloadName[]) {
    for (const writer of WRITERS) {
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], "--case", `${writer}:${workload}`], { encoding: "utf8", maxBuffer: 1 << 20 });
      const line = child.stdout.split("\n").find((l) => l.startsWith("ZIP_CASE "));
      if (child.status !== 0 || !line) throw new Error(`${writer}:${workload} failed: ${child.stderr}`);
      const result = JSON.parse(line.slice("ZIP_CASE ".length)) as CaseResult;
      console.log(`  ${workload} / ${writer}: ${result.seconds} s, ${round(result.inputMb / result.seconds)} MB/s in, CPU ${result.cpuMs} ms, peak RSS ${result.peakRssMb} MB${workload === "slow-consumer" ? `, most in flight ${result.maxInFlightKb} KB` : ""}`);
      const key = `${workload}/${writer}`;
      const kept = best.get(key);
      if (!kept || (workload === "slow-consumer" ? result.maxInFlightKb > kept.maxInFlightKb : result.seconds < kept.seconds)) best.set(key, result);
    }
  }
}
const results = [...best.values()];

const figures: Figure[] = [];
for (const result of results) {
  const label = `${result.workload} / ${result.writer}`;
  if (result.workload === "slow-consumer") {
    figures.push(atMost(`${label}: most bytes taken from sources but not yet consumed`, result.maxInFlightKb, "KB", GOAL_IN_FLIGHT_KB), shown(`${label}: peak RSS`, result.peakRssMb, "MB"));
    continue;
  }
  figures.push(shown(`${label}: throughput (uncompressed)`, round(result.inputMb / result.seconds), "MB/s"), shown(`${label}: CPU`, result.cpuMs, "ms"), shown(`${label}: peak RSS`, result.peakRssMb, "MB"));
}
writeResult("zip", { entries: ENTRIES, cases: results }, figures);
