/**
 * The Next server that scripts/start.ts starts ends with it. When start.ts is killed with SIGKILL it cannot stop its
 * child: the orphan would keep the port and its images' leases, and every line it logged would fail with EPIPE on the
 * dead parent's pipe and be reported on that same pipe, again and again (a core spent on nothing, deaf to SIGTERM).
 */
export function endWithParent(parentPid: number, intervalMs = 1000) {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  if (!Number.isInteger(parentPid) || parentPid <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM"); // Next's own graceful shutdown
  }, intervalMs);
  timer.unref();
}
