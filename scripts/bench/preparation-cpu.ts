import { prepareImageForModel } from "../../lib/images/prepare-for-model";

/**
 * CPU ms per image of preparing `count` images once for the model (sharp: decode, auto-rotate, resize, re-encode), four
 * at a time with the server's defaults (or another longest side, `maxSide`). This process's CPU, all threads (libvips' and libuv's too): run it where nothing
 * else does. The e2e benchmark's after-run measurement and its in-run sampler both use it, so the two stay comparable.
 */
export async function preparationCpuMsPerImage(count: number, imageAt: (index: number) => Buffer, options?: { maxSide: number }) {
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < count) await prepareImageForModel(imageAt(next++), options);
  }));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}
