import os from "node:os";
import { MAX_INPUT_PIXELS } from "../images/open-image";
import { LIBUV_THREADS, workSlots } from "../images/work-slots";

/**
 * What one transform may cost. Every intermediate image is held as raw pixels (up to 4 bytes each), so the pixel cap also
 * bounds memory: 50 MP × 4 B = 200 MB at worst per transform, and at most TRANSFORM_CONCURRENCY run at once per process.
 */
export const TRANSFORM_LIMITS = {
  /** The same decompression-bomb guard as analysis (decoded before any operation runs). */
  maxInputPixels: MAX_INPUT_PIXELS,
  /** Any image a step makes (the result and every step between). */
  maxOutputPixels: 50_000_000,
  /** Either side of any image a step makes. */
  maxSide: 16_384,
  /** The encoded result. */
  maxOutputBytes: 64 * 1024 * 1024,
  maxOperations: 20,
  /** CPU time one sharp pipeline may take before it is stopped. */
  stageTimeoutSeconds: 60,
} as const;

/**
 * Transforms running at once in this process; more wait their turn. sharp runs each on a thread of libuv's pool (4 unless
 * UV_THREADPOOL_SIZE says otherwise) and, on glibc, one libvips thread per image: one more than the cores keeps them busy
 * (2 cores, 12 MP JPEGs: 24 images/s with 2 at once, 26 with 4), and one pool thread always stays free for file reads and DNS lookups.
 */
export const TRANSFORM_CONCURRENCY = Math.max(1, Math.min(os.availableParallelism() + 1, LIBUV_THREADS - 1));

/** Runs `work` when a transform slot is free, so a burst of requests queues instead of holding many decoded images at once. */
export const withTransformSlot = workSlots(TRANSFORM_CONCURRENCY);
