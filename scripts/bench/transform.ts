// `npm run bench:transform`: image transforms through Loupe's own code (operations parsed, sharp pipelines, the per-process
// transform slots) on 12-megapixel photo-like JPEGs, several requests in flight as a server has them.
// Goal: ≥ 20 images/s on this 2-core machine for a resize to 1200 px written as JPEG.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { parseOperations } from "../../lib/transforms/parse-operations";
import { transformImage } from "../../lib/transforms/transform-image";
import { photo, PHOTO_HEIGHT, PHOTO_WIDTH } from "./photos";
import { atLeast, atMost, peakRssMb, percentile, round, shown, writeResult, type Figure } from "./lib";

const IMAGES = Number(process.env.BENCH_IMAGES ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 6);
const WIDTH = PHOTO_WIDTH;
const HEIGHT = PHOTO_HEIGHT;

// libvips caches operations by their inputs; every image here is new work, as uploads are.
sharp.cache(false);

const PIPELINES = [
  { name: "resize 1200 → jpeg", goal: 20, operations: [{ op: "resize", width: 1200 }, { op: "format", format: "jpeg", quality: 82 }] },
  { name: "resize 1200, flatten → webp (the issue's example)", goal: null, operations: [{ op: "resize", width: 1200 }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "webp" }] },
  { name: "attention crop 400×400, sharpen → webp", goal: null, operations: [{ op: "crop", strategy: "attention", width: 400, height: 400 }, { op: "sharpen" }, { op: "format", format: "webp", quality: 80 }] },
] as const;

// The photos are made in a child process, so this one's memory is the transforms' alone.
if (process.env.BENCH_MAKE_PHOTOS_IN) {
  for (let index = 0; index < PHOTOS; index++) writeFileSync(path.join(process.env.BENCH_MAKE_PHOTOS_IN, `photo-${index}.jpg`), await photo(index + 1));
  process.exit(0);
}
const started = Date.now();
const folder = mkdtempSync(path.join(os.tmpdir(), "loupe-bench-transform-"));
const made = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, BENCH_MAKE_PHOTOS_IN: folder } });
if (made.status !== 0) throw new Error("making the photos failed");
const photos = Array.from({ length: PHOTOS }, (_, index) => readFileSync(path.join(folder, `photo-${index}.jpg`)));
rmSync(folder, { recursive: true, force: true });
const inputs = photos.map((bytes, index) => ({ bytes, mimeType: "image/jpeg", name: `photo-${index}.jpg` }));
console.log(`made ${PHOTOS} JPEGs of ${WIDTH}×${HEIGHT} (${round(photos.reduce((sum, bytes) => sum + bytes.length, 0) / PHOTOS / 1048576, 2)} MB each) in ${round((Date.now() - started) / 1000)} s`);

const results: Record<string, unknown> = { images: IMAGES, inFlight: IN_FLIGHT, inputMegapixels: (WIDTH * HEIGHT) / 1e6, inputMegabytes: round(photos[0].length / 1048576, 2), sharpThreads: sharp.concurrency(), cores: os.cpus().length };
const figures: Figure[] = [];
for (const pipeline of PIPELINES) {
  const operations = parseOperations(pipeline.operations);
  await transformImage(inputs[0], operations); // warm: code paths and libvips' first-use setup
  const latencies: number[] = [];
  let next = 0;
  let outputBytes = 0;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < IMAGES) {
        const input = inputs[next++ % inputs.length];
        const one = performance.now();
        const result = await transformImage(input, operations);
        latencies.push(performance.now() - one);
        outputBytes += result.data.length;
      }
    }),
  );
  const seconds = (performance.now() - begun) / 1000;
  const perSecond = round(IMAGES / seconds, 1);
  results[pipeline.name] = { imagesPerSecond: perSecond, seconds: round(seconds, 2), p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), meanOutputKb: Math.round(outputBytes / IMAGES / 1024) };
  figures.push(pipeline.goal ? atLeast(`${pipeline.name}: throughput`, perSecond, "images/s", pipeline.goal) : shown(`${pipeline.name}: throughput`, perSecond, "images/s"));
  figures.push(shown(`${pipeline.name}: p95 per image (${IN_FLIGHT} in flight)`, percentile(latencies, 95), "ms"));
}
results.peakRssMb = peakRssMb();
figures.push(atMost("peak RSS while transforming", results.peakRssMb as number, "MB", 1024));
writeResult("transform", results, figures);
