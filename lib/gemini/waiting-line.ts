const MIN_SLEEP_MS = 5;
const MAX_SLEEP_MS = 60_000;

export interface LineAttempt<T> {
  /** What was won, in the order of the inputs (fewer than the inputs when room ran out). */
  values: T[];
  /** When there may be room again (epoch ms), if some inputs got none. */
  retryAt: number;
}

/**
 * Callers that found no room wait in one line per process, served in order by a few lanes (one per project is enough:
 * a project takes one reservation at a time). A lane tries for the first `most` callers at once, and sleeps until the
 * time its last attempt said room is expected; before this, every caller slept and retried on its own, and hundreds of
 * them woke together whenever one slot freed up.
 */
export function createWaitingLine<I, T>(options: {
  /** Tries for several callers at once (the first ones in line). */
  attempt: (inputs: I[]) => Promise<LineAttempt<T>>;
  /** The most callers one attempt is for. */
  most: number;
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
        const waiters = line.splice(0, Math.max(1, options.most));
        let result: LineAttempt<T>;
        try {
          result = await options.attempt(waiters.map((waiter) => waiter.input));
        } catch (error) {
          for (const waiter of waiters) settle(waiter, () => waiter.reject(error));
          continue;
        }
        const unserved = waiters.slice(result.values.length).filter((waiter) => !waiter.settled);
        if (unserved.length) line.unshift(...unserved); // back in front, before a value won for a quitter is handed on
        for (const [index, value] of result.values.entries()) {
          const waiter = waiters[index];
          if (!settle(waiter, () => waiter.resolve(value))) await hand(value).catch(() => {});
        }
        if (unserved.length) await sleep(Math.min(Math.max(result.retryAt - Date.now(), MIN_SLEEP_MS), MAX_SLEEP_MS));
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
