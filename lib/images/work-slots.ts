import os from "node:os";

/** libuv's thread pool, on which sharp runs every pipeline (4 unless UV_THREADPOOL_SIZE says otherwise). */
export const LIBUV_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * Image preparations for the model running at once in this process; more wait their turn, holding only their bytes. On
 * glibc sharp gives each pipeline one libvips thread, so more at once than cores only time-slice, while each running
 * 12-megapixel preparation holds ≈ 50 MB of libvips memory (2 cores, 16 photos in flight: 505 → 441 MB measured apart, at
 * the same speed). Never more than libuv's pool, and never fewer than before on machines with as many cores as it has.
 */
export const PREPARATION_CONCURRENCY = Math.max(1, Math.min(os.availableParallelism(), LIBUV_THREADS));

/**
 * A per-process limit of `limit` tasks at once: `run(work)` starts `work` when a slot is free. A finished task hands its
 * slot straight to the longest waiting one, so no newcomer slips in between; a task that throws frees its slot too.
 */
export function workSlots(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

export const withPreparationSlot = workSlots(PREPARATION_CONCURRENCY);
