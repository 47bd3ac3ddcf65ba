// `npm run bench:bucket`: 1,000,000 image keys under one prefix of a bucket on a local S3-speaking server (s3rver, in its
// own process), imported through the real server as a person would: `POST /api/v1/batches {"source": "s3://…/"}` lists the
// prefix page by page (1,000 keys a request) into image rows ("Part N of M" at MAX_BATCH_SIZE). The worker is off so the
// figure is the import alone; then a sync lists everything again and adds the 1,000 keys put meanwhile.
// Goals: peak RSS of the server process ≤ 400 MB; rows/s is shown beside the S3 server's own listing rate (the floor: the
// same pages listed by a bare ListObjectsV2 loop, nothing inserted), measured in the same run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import pg from "pg";
import { S3RVER_ENV } from "../../tests/helpers/s3-server";
import { apiAuthHeaders } from "../../tests/helpers/api-auth";
import { s3Client } from "../../lib/storage/s3-client";
import { atMost, benchDatabase, round, shown, writeResult } from "./lib";
import { startLoupeServer } from "./server";
import { postJson } from "./post-json";

const GOAL_PEAK_RSS_MB = 400;
const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const SYNC_KEYS = 1000;
const PER_FOLDER = 1000;
const MAX_BATCH_SIZE = Number(process.env.MAX_BATCH_SIZE ?? 5000);
const BUCKET = "bench-catalogue";
const EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

// s3rver walks its folders and stats every entry on each page: on tmpfs that costs no disk (a first run on this machine's
// ext4 under load was still listing after five minutes). Node's readdir sorts, so the walk is S3's key order; the floor checks it.
const shm = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
const workDir = mkdtempSync(path.join(shm, "loupe-bench-bucket-"));
const keyName = (n: number) => `photos/${String(Math.floor(n / PER_FOLDER)).padStart(5, "0")}/p${String(n).padStart(8, "0")}.jpg`;
// Keys put before the sync: a folder whose name sorts before the others, so new keys arrive amid the listing, not at its end.
const syncKeyName = (n: number) => `photos/0-new/p${String(n).padStart(8, "0")}.jpg`;

/** Keys written in s3rver's own on-disk layout (an object file and its MD5 beside it): a PUT per key would take an hour. */
function writeKeys(names: string[]) {
  let folder = "";
  for (const name of names) {
    const file = path.join(workDir, "s3", BUCKET, `${name}._S3rver_object`);
    if (path.dirname(file) !== folder) mkdirSync((folder = path.dirname(file)), { recursive: true });
    writeFileSync(file, "");
    writeFileSync(`${file}.md5`, EMPTY_MD5);
  }
}

/** The floor: the prefix listed by a bare ListObjectsV2 loop, 1,000 keys a page; checks S3's order and counts. */
async function listRaw(endpoint: string): Promise<number> {
  const client = s3Client({ endpoint, region: "us-east-1", forcePathStyle: true });
  let token: string | undefined;
  let count = 0;
  let last = "";
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "photos/", ContinuationToken: token, MaxKeys: 1000 }));
    for (const object of page.Contents ?? []) {
      if (object.Key! <= last) throw new Error(`s3rver listed ${object.Key} after ${last}: not S3's order`);
      last = object.Key!;
      count += 1;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

const status = (pid: number, field: string) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
/** The server process: the largest of scripts/start.ts's tree (PostgreSQL is not in it). */
function largestChild(root: number): number {
  const tree = [root];
  const entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  const parents = new Map<number, number>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree.filter((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")).sort((a, b) => status(b, "VmRSS") - status(a, "VmRSS"))[0];
}

let writeSeconds = Date.now();
writeKeys(Array.from({ length: KEYS }, (_, n) => keyName(n)));
writeSeconds = (Date.now() - writeSeconds) / 1000;

const s3 = spawn(process.execPath, ["--openssl-legacy-provider", path.resolve("tests/helpers/s3rver-process.mjs"), path.join(workDir, "s3"), BUCKET], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise<number>((resolve, reject) => {
  s3.stdout!.on("data", (chunk: Buffer) => {
    const match = /listening (\d+)/.exec(chunk.toString());
    if (match) resolve(Number(match[1]));
  });
  s3.once("exit", (code) => reject(new Error(`s3rver exited (${code})`)));
});
const endpoint = `http://127.0.0.1:${port}`;
Object.assign(process.env, S3RVER_ENV);

const database = await benchDatabase();
const server = await startLoupeServer("bucket", { ...S3RVER_ENV, DATABASE_URL: database.url, WORKER: "off", MAX_BATCH_SIZE: String(MAX_BATCH_SIZE), STORAGE_URL: `s3://${BUCKET}/loupe`, S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: "on" });
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
try {
  // The floor: the S3 server's listing alone, nothing inserted.
  let floorSeconds = Date.now();
  const listed = await listRaw(endpoint);
  floorSeconds = (Date.now() - floorSeconds) / 1000;
  if (listed !== KEYS) throw new Error(`the bare listing found ${listed} keys, not ${KEYS}`);

  const headers = await apiAuthHeaders(database.url, "analyst");
  const pid = largestChild(server.pid);
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
  const rssBefore = round(status(pid, "VmHWM"), 0);
  const started = Date.now();
  const created = await postJson(`${server.baseUrl}/api/v1/batches`, headers, JSON.stringify({ source: `s3://${BUCKET}/photos/`, templateId: "local" }));
  if (created.status !== 201) throw new Error(`the import answered ${created.status}: ${created.text}`);
  const seconds = (Date.now() - started) / 1000;
  const peak = round(status(pid, "VmHWM"), 0);
  const body = JSON.parse(created.text) as { parentId: string; batches: { name: string }[] };
  const { rows: [{ images }] } = await sql.query<{ images: number }>("SELECT count(*)::int AS images FROM images");
  if (images !== KEYS || body.batches.length !== Math.ceil(KEYS / MAX_BATCH_SIZE)) throw new Error(`import mismatch: ${images} rows, ${body.batches.length} parts`);

  writeKeys(Array.from({ length: SYNC_KEYS }, (_, n) => syncKeyName(KEYS + n)));
  let syncSeconds = Date.now();
  const synced = await postJson(`${server.baseUrl}/api/v1/batches/${body.parentId}/sync`, headers);
  if (synced.status !== 200) throw new Error(`the sync answered ${synced.status}: ${synced.text}`);
  const sync = JSON.parse(synced.text) as { added: number; listed: number };
  syncSeconds = (Date.now() - syncSeconds) / 1000;
  if (sync.added !== SYNC_KEYS || sync.listed !== KEYS + SYNC_KEYS) throw new Error(`sync mismatch: ${JSON.stringify(sync)}`);
  const syncPeak = round(status(pid, "VmHWM"), 0);

  const rowsPerSecond = Math.round(KEYS / seconds);
  const floorKeysPerSecond = Math.round(KEYS / floorSeconds);
  writeResult(
    "bucket",
    { keys: KEYS, keyWriteSeconds: writeSeconds, maxBatchSize: MAX_BATCH_SIZE, parts: body.batches.length, seconds, rowsPerSecond, floorSeconds, floorKeysPerSecond, syncSeconds, syncAdded: sync.added, serverRssBeforeMb: rssBefore, serverPeakRssMb: peak, serverPeakRssWithSyncMb: syncPeak, goalPeakRssMb: GOAL_PEAK_RSS_MB, serverLog: server.logFile },
    [
      shown("keys listed into image rows", KEYS, "rows"),
      shown("import throughput (POST /batches {source})", rowsPerSecond, "rows/s"),
      shown("the S3 server's listing alone (floor, same run)", floorKeysPerSecond, "keys/s"),
      shown("import time vs the bare listing", round(seconds / floorSeconds, 2), "×"),
      shown(`sync: ${(KEYS + SYNC_KEYS).toLocaleString("en")} keys listed, ${SYNC_KEYS.toLocaleString("en")} added (a new part past MAX_BATCH_SIZE)`, round(syncSeconds), "s"),
      atMost("server peak RSS (import and sync)", Math.max(peak, syncPeak), "MB", GOAL_PEAK_RSS_MB),
    ],
  );
} finally {
  await sql.end();
  await server.stop();
  await database.stop();
  s3.kill("SIGTERM");
  rmSync(workDir, { recursive: true, force: true });
}
