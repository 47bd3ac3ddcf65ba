/**
 * After each image, its batch's dispatch window wants topping up; doing it every time costs two queries per image (one
 * counts the window). Per process, a batch is topped up at most once per interval instead, and a call that comes too
 * soon schedules one trailing top-up, so the last image of an interval is never left unanswered. The window holds four
 * times the worker's concurrency, so a quarter of a second between top-ups never starves the workers.
 */
export function throttleDispatch(intervalMs: number, dispatch: (batchId: string) => Promise<unknown>, onError: (error: unknown) => void) {
  const lastRun = new Map<string, number>();
  const trailing = new Map<string, NodeJS.Timeout>();
  const run = async (batchId: string) => {
    lastRun.set(batchId, Date.now());
    if (lastRun.size > 10_000) for (const [id, at] of lastRun) if (Date.now() - at > 60_000) lastRun.delete(id);
    await dispatch(batchId);
  };
  const topUp = async (batchId: string): Promise<void> => {
    const wait = (lastRun.get(batchId) ?? 0) + intervalMs - Date.now();
    if (wait <= 0) return run(batchId);
    if (trailing.has(batchId)) return;
    const timer = setTimeout(() => {
      trailing.delete(batchId);
      run(batchId).catch(onError);
    }, wait);
    trailing.set(batchId, timer.unref());
  };
  /** A stopping worker drops its pending trailing top-ups (another process, or its next start, dispatches them). */
  const cancel = () => {
    for (const timer of trailing.values()) clearTimeout(timer);
    trailing.clear();
  };
  return Object.assign(topUp, { cancel });
}
