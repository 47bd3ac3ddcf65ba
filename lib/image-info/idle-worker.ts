/**
 * A worker (thread, Tesseract…) started on first use, given one job at a time, and closed once it has been idle for
 * `idleMs` (the next job starts a fresh one). A start that fails is forgotten, so the next job tries again.
 * Shared by OCR and face detection: each uses one core and holds a model in memory.
 */
export function createIdleWorker<W>(options: { start: () => Promise<W>; stop: (worker: W) => Promise<unknown>; idleMs: number }) {
  let worker: Promise<W> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const get = (): Promise<W> =>
    (worker ??= options.start().catch((error) => {
      worker = null;
      throw error;
    }));
  /** Stops the worker now (tests, shutdown, or one found stuck or broken). */
  const close = async () => {
    const closing = worker;
    worker = null;
    const started = await closing?.catch(() => null);
    if (started) await options.stop(started);
  };
  /** The worker went away by itself: the next job starts another. */
  const forget = () => {
    worker = null;
  };
  /** Runs `work` after the jobs before it; the idle clock starts again when it ends. */
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    const job = queue.then(work);
    queue = job.catch(() => {});
    return job.finally(() => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => void close(), options.idleMs);
      idleTimer.unref();
    });
  };
  return { get, close, forget, run };
}

/** `work`, or a rejection with `timeoutError()` after `ms` (the timer is cleared either way). */
export async function withTimeout<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
