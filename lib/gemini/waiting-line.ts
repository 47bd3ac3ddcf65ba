const MIN_SLEEP_MS = 5;
const MAX_SLEEP_MS = 60_000;

export interface LineAttempt<T> {
  value?: T;
  /** When there may be room again (epoch ms), if there was none. */
  retryAt: number;
}

/**
 * Callers that found no room wait in one line per process, served in order by a few lanes (one per project is enough:
 * a project takes one reservation at a time). Each lane sleeps until the time the last attempt said room is expected;
 * before this, every caller slept and retried on its own, and hundreds of them woke together whenever one slot freed up.
 */
export function createWaitingLine<I, T>(options: {
  attempt: (input: I) => Promise<LineAttempt<T>>;
  /** A value won for a caller that gave up meanwhile, with nobody left to take it. */
  giveBack: (value: T) => Promise<unknown>;
  lanes: () => number;
  cancelled: () => Error;
}) {
  interface Waiter {
    input: I;
    settled: boolean;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  }
  const line: Waiter[] = [];
  let running = 0;
  let wake: (() => void) | null = null;
  let woken = new Promise<void>((resolve) => (wake = resolve));

  const sleep = (ms: number) => Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), woken]);

  /** Settles a waiter once; false when it had already given up. */
  function settle(waiter: Waiter, how: () => void): boolean {
    if (waiter.settled) return false;
    waiter.settled = true;
    how();
    return true;
  }

  async function hand(value: T) {
    const next = line.shift();
    if (next) {
      next.settled = true;
      next.resolve(value);
    } else {
      await options.giveBack(value);
    }
  }

  async function lane() {
    running += 1;
    try {
      while (line.length) {
        const waiter = line.shift()!;
        let result: LineAttempt<T>;
        try {
          result = await options.attempt(waiter.input);
        } catch (error) {
          settle(waiter, () => waiter.reject(error));
          continue;
        }
        if (result.value !== undefined) {
          const value = result.value;
          if (!settle(waiter, () => waiter.resolve(value))) await hand(value).catch(() => {});
          continue;
        }
        if (!waiter.settled) line.unshift(waiter);
        await sleep(Math.min(Math.max(result.retryAt - Date.now(), MIN_SLEEP_MS), MAX_SLEEP_MS));
      }
    } finally {
      running -= 1;
    }
  }

  return {
    get waiting() {
      return line.length;
    },
    wait(input: I, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = { input, settled: false, resolve, reject };
        line.push(waiter);
        signal?.addEventListener(
          "abort",
          () =>
            settle(waiter, () => {
              const index = line.indexOf(waiter);
              if (index >= 0) line.splice(index, 1);
              reject(options.cancelled());
            }),
          { once: true },
        );
        // A lane that finds the line empty ends at once, so count the lanes started, not only those running.
        const lanes = Math.max(1, options.lanes());
        for (let started = 0; started < lanes && running < lanes && line.length > 0; started++) void lane();
      });
    },
    /** Room may have appeared sooner than expected (a refused call gave its slot back): sleeping lanes look again now. */
    nudge() {
      wake?.();
      woken = new Promise<void>((resolve) => (wake = resolve));
    },
  };
}
