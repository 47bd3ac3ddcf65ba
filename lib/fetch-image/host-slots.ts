/**
 * At most `limit` fetches at once per host in this process (FETCH_PER_HOST_CONCURRENCY). A fetch that finds its host
 * busy waits up to `waitMs` for a slot, then gives up (the caller puts the image back for a moment instead of holding a
 * worker slot behind a slow host).
 */
export function createHostSlots(limit: number) {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const release = (host: string) => {
    const next = waiting.get(host)?.shift();
    if (next) return next();
    const count = (active.get(host) ?? 1) - 1;
    if (count <= 0) active.delete(host);
    else active.set(host, count);
  };
  return {
    async acquire(host: string, waitMs: number): Promise<(() => void) | null> {
      const once = () => {
        let released = false;
        return () => {
          if (released) return;
          released = true;
          release(host);
        };
      };
      const count = active.get(host) ?? 0;
      if (count < limit) {
        active.set(host, count + 1);
        return once();
      }
      return new Promise((resolve) => {
        const queue = waiting.get(host) ?? [];
        waiting.set(host, queue);
        const wake = () => (clearTimeout(timer), resolve(once()));
        const timer = setTimeout(() => {
          const at = queue.indexOf(wake);
          if (at >= 0) queue.splice(at, 1);
          if (queue.length === 0) waiting.delete(host);
          resolve(null);
        }, waitMs);
        queue.push(wake);
      });
    },
    inUse: (host: string) => active.get(host) ?? 0,
  };
}

const holder = globalThis as unknown as { loupeHostSlots?: { limit: number; slots: ReturnType<typeof createHostSlots> } };

/** This process's per-host slots (one set, whatever module copy asks). */
export function processHostSlots(limit: number) {
  if (holder.loupeHostSlots?.limit !== limit) holder.loupeHostSlots = { limit, slots: createHostSlots(limit) };
  return holder.loupeHostSlots.slots;
}
