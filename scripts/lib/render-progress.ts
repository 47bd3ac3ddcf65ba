interface Progress {
  status: string;
  counts: { total: number; succeeded: number; failed: number; cancelled: number };
  imagesPerMinute: number;
  etaSeconds: number | null;
}

const WIDTH = 30;

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
}

/**
 * One progress line: a bar, images done of all, images/min, ETA and failures, e.g.
 * `[██████████····················] 40/120 images · 35.2 images/min · ETA 2m 16s · 1 failed · running`.
 * On a terminal it redraws in place (\r); elsewhere (a log, a test) each call is a line of its own.
 */
export function renderProgress(progress: Progress, elapsedMs: number, redraw: boolean): string {
  const { total, succeeded, failed, cancelled } = progress.counts;
  const done = succeeded + failed + cancelled;
  const filled = total ? Math.round((done / total) * WIDTH) : WIDTH;
  const bar = `[${"█".repeat(filled)}${"·".repeat(WIDTH - filled)}]`;
  // Loupe's own rate (the last minutes); early on, what this run has seen.
  const perMinute = progress.imagesPerMinute || (elapsedMs > 0 ? (done / elapsedMs) * 60_000 : 0);
  const remaining = total - done;
  const eta = remaining === 0 ? "done" : progress.etaSeconds !== null ? `ETA ${duration(progress.etaSeconds)}` : perMinute > 0 ? `ETA ${duration((remaining / perMinute) * 60)}` : "ETA —";
  const line = `${bar} ${done}/${total} images · ${perMinute.toFixed(1)} images/min · ${eta}${failed ? ` · ${failed} failed` : ""} · ${progress.status}`;
  return redraw ? `\r${line.padEnd(110)}` : `${line}\n`;
}
