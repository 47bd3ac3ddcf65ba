/**
 * The Next server that scripts/start.ts starts ends with it. When start.ts is killed with SIGKILL it cannot stop its
 * child: the orphan would keep the port and its images' leases, and every line it logged would fail with EPIPE on the
 * dead parent's pipe and be reported on that same pipe, again and again (a core spent on nothing, deaf to SIGTERM).
 * An orphan is adopted by another process, so its parent pid changes: that is the signal to stop. (The parent is read
 * here rather than passed in: under `next dev` the server runs as a child of Next's own dev process.)
 */
export function endWithParent(enabled: boolean, intervalMs = 1000) {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  if (!enabled) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM"); // Next's own graceful shutdown
  }, intervalMs);
  timer.unref();
}
