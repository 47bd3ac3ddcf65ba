// `npm run bench:e2e -- --photos`: the e2e run (scripts/bench/e2e-run.ts: the real server with its worker, the key pool,
// the Gemini emulator) on realistic photos: 12-megapixel JPEGs of 3–5 MB (scripts/bench/photos.ts, made once and cached
// in the temp folder), served from the loopback image server, each with its own sha256. The quota is far above what two
// cores can prepare, so the CPU, not the quota, sets the pace: the figures are what one worker process does with photos,
// the base of the README's sizing advice. No goal but no failed image; the rest is shown.
import sharp from "sharp";
import { none, round, shown, writeResult } from "./lib";
import { keyOf, LATENCY_MS, runThroughApi } from "./e2e-run";
import { cachedPhotos, PHOTO_HEIGHT, PHOTO_WIDTH } from "./photos";
import { preparationCpuMsPerImage } from "./preparation-cpu";

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 600);
const DISTINCT = Number(process.env.BENCH_PHOTO_BASES ?? 8);
// The shipped default: a photo's wait is mostly its own preparation and the call, and each in flight holds its 3–5 MB.
const WORKER_CONCURRENCY = process.env.BENCH_PHOTO_CONCURRENCY ?? "16";
// Per project and minute, 3 projects: 9,000 calls/min, several times what 2 cores prepare.
const PER_MINUTE = 3000;
// Where JPEG shrink-on-load starts for a 4000×3000 photo: sharp decodes at ½ only from a factor of 3 (see below).
const SHRINK_ON_LOAD_SIDE = Math.floor(PHOTO_WIDTH / 3);

/** CPU ms per photo of one full-size decode (sharp to raw pixels), the least of three passes over the photos. */
async function decodeCpuMs(photos: Buffer[]) {
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const before = process.cpuUsage();
    for (const bytes of photos) await sharp(bytes).raw().toBuffer();
    const used = process.cpuUsage(before);
    passes.push((used.user + used.system) / 1000 / photos.length);
  }
  return Math.min(...passes);
}

/** Preparation at another longest side, the least of three passes over the photos. */
async function preparationAtSideMs(photos: Buffer[], maxSide: number) {
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) passes.push(await preparationCpuMsPerImage(photos.length, (index) => photos[index], { maxSide }));
  return Math.min(...passes);
}

export async function photoRun() {
  const made = Date.now();
  const photos = await cachedPhotos(DISTINCT);
  const meanMb = round(photos.reduce((sum, bytes) => sum + bytes.length, 0) / photos.length / 1048576, 2);
  console.log(`${DISTINCT} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT}, ${meanMb} MB each on average, ready in ${round((Date.now() - made) / 1000)} s`);

  const keys = ["a", "a", "b", "b", "c", "c"].map((project, i) => ({ key: keyOf(30 + i), project: `photos-${project}` }));
  const run = await runThroughApi("photos", keys, { perWindow: PER_MINUTE, windowMs: 60_000 }, PHOTOS, {
    workerConcurrency: WORKER_CONCURRENCY, pictures: photos, samplePreparation: false, preparationImages: DISTINCT * 2,
    // A 1536×1152 photo is ≈ 1,100 tokens a call: the default 1 M tokens per minute and project would be the limit.
    serverEnv: { GEMINI_TPM: "100000000" },
  });
  const decodeMs = round(await decodeCpuMs(photos), 1);
  const shrinkOnLoadMs = round(await preparationAtSideMs(photos, SHRINK_ON_LOAD_SIDE), 1);

  const quotaPerMinute = PER_MINUTE * run.projects;
  const photosPerMinute = round(PHOTOS / (run.wallMs / 60_000), 0);
  const cpuMsPerPhoto = round((run.cpuSeconds.server * 1000) / PHOTOS, 1);
  const preparationMs = round(run.imagePreparationAfterMs, 1);
  // What one core of server CPU sustains: the sizing figure, independent of what else shared this machine's two cores.
  const photosPerMinutePerCore = round(60_000 / cpuMsPerPhoto, 0);
  writeResult(
    "e2e-photos",
    {
      photos: PHOTOS, distinctPhotos: DISTINCT, photoPixels: `${PHOTO_WIDTH}×${PHOTO_HEIGHT}`, meanPhotoMb: meanMb, status: run.progress.status, counts: run.progress.counts,
      wallSeconds: run.wallMs / 1000, photosPerMinute, quotaPerMinute, workerConcurrency: Number(WORKER_CONCURRENCY), emulatorLatencyMs: LATENCY_MS,
      callsAccepted: run.accepted, rejected429: run.rejected429, imagesFetched: run.imagesFetched, cpuSeconds: run.cpuSeconds, cpuMsPerPhoto, preparationMs, decodeMs,
      shrinkOnLoad: { maxSide: SHRINK_ON_LOAD_SIDE, preparationMs: shrinkOnLoadMs }, photosPerMinutePerCore,
      serverCpuMsPerPhotoByThread: Object.fromEntries(Object.entries(run.serverThreadSeconds).map(([kind, seconds]) => [kind, round((seconds * 1000) / PHOTOS, 1)])),
      serverRssBeforeMb: run.serverRssBeforeMb, serverPeakRssMb: run.serverPeakRssMb, serverLog: run.serverLog,
    },
    [
      shown(`photos (${PHOTO_WIDTH}×${PHOTO_HEIGHT} JPEG, ${meanMb} MB on average, ${DISTINCT} distinct pictures)`, PHOTOS, "photos"),
      shown("wall time, POST to completed", round(run.wallMs / 1000), "s"),
      shown(`throughput of one worker process (WORKER_CONCURRENCY ${WORKER_CONCURRENCY}) on this machine`, photosPerMinute, "photos/min"),
      shown("quota allowed (not the limit here)", quotaPerMinute, "photos/min"),
      none("failed photos", run.progress.counts.failed),
      shown("429 answers", run.rejected429, ""),
      shown("server CPU per photo, all of it (Next + worker: fetch, store, sharp, pool, pg-boss)", cpuMsPerPhoto, "ms"),
      shown("  of which preparing the photo for the model (sharp at 1536 px, measured apart after the run)", preparationMs, "ms"),
      shown("    of which decoding the 12 MP JPEG alone (full size, measured apart)", decodeMs, "ms"),
      ...Object.entries(run.serverThreadSeconds).map(([kind, seconds]) => shown(`  of which ${kind}`, round((seconds * 1000) / PHOTOS, 1), "ms")),
      shown("photos/min one core of server CPU sustains (60,000 ÷ CPU ms per photo)", photosPerMinutePerCore, "photos/min"),
      shown(`preparing at IMAGE_MAX_SIDE ${SHRINK_ON_LOAD_SIDE} instead (JPEG shrink-on-load at ½ applies; measured apart)`, shrinkOnLoadMs, "ms"),
      shown("server RSS before the batch", run.serverRssBeforeMb, "MB"),
      shown("server peak RSS (the worker's process)", run.serverPeakRssMb, "MB"),
      shown("PostgreSQL CPU per photo", round((run.cpuSeconds.postgres * 1000) / PHOTOS, 1), "ms"),
    ],
    run.machine,
  );
}
