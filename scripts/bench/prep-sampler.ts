// A child of `npm run bench:e2e`: while the main run goes, prepares the benchmark's own images with sharp every few
// seconds and prints each pass's CPU per image (this process's, all threads) as a JSON line. The host's speed moves by
// a third within minutes here; sampled during the run, the preparation cost subtracted from the server's CPU is the one
// of the same minutes, not of the minute after it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { preparationCpuMsPerImage } from "./preparation-cpu";

const folder = process.env.PREP_SAMPLER_DIR!;
const everyMs = Number(process.env.PREP_SAMPLER_EVERY_MS ?? 8000);
const images = readdirSync(folder).sort().map((name) => readFileSync(path.join(folder, name)));

const pass = () => preparationCpuMsPerImage(images.length, (index) => images[index]);

await pass(); // warm-up: sharp's first calls and the JIT, not counted
for (;;) {
  process.stdout.write(`${JSON.stringify({ msPerImage: await pass() })}\n`);
  await new Promise((resolve) => setTimeout(resolve, everyMs));
}
