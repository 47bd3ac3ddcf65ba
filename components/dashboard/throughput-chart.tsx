/** Images finished per minute over the last hour, as bars (server-rendered SVG). */
export function ThroughputChart({ points, now }: { points: { minute: string; images: number }[]; now: Date }) {
  const byMinute = new Map(points.map((p) => [new Date(p.minute).getTime(), p.images]));
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const minutes = Array.from({ length: 60 }, (_, i) => end - (59 - i) * 60_000);
  const max = Math.max(1, ...minutes.map((m) => byMinute.get(m) ?? 0));
  const total = minutes.reduce((n, m) => n + (byMinute.get(m) ?? 0), 0);
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <figcaption className="flex justify-between text-sm">
        <span className="font-medium">Throughput, last hour</span>
        <span className="text-slate-500">{total.toLocaleString("en")} images · peak {max.toLocaleString("en")}/min</span>
      </figcaption>
      <svg viewBox="0 0 600 120" className="mt-3 h-32 w-full" role="img" aria-label={`${total} images finished in the last hour, peak ${max} per minute`}>
        {minutes.map((minute, i) => {
          const value = byMinute.get(minute) ?? 0;
          const height = (value / max) * 110;
          return <rect key={minute} x={i * 10 + 1} y={115 - height} width={8} height={Math.max(height, value ? 2 : 0.5)} className={value ? "fill-brand-500" : "fill-slate-200 dark:fill-slate-800"} />;
        })}
      </svg>
    </figure>
  );
}
