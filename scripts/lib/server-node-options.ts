/**
 * NODE_OPTIONS for the Next server. An operator's own setting of either option wins.
 *
 * - Young generation 16 MB per semispace (Node's default before Node 24 sized it from the machine's memory): the larger
 *   one, and what it promoted, added 50–90 MB to a million-row ingest's peak RSS for no speed.
 * - Old generation capped at 1.5 GB. Below V8's large-heap threshold the cap also lowers how far V8 lets the heap grow
 *   past what is live: during a million-row ingest V8 committed 158–167 MB of heap for 80–86 MB in use, and the server's
 *   peak RSS ranged 298–404 MB over twelve runs; with the cap 304–318 MB, the ingest 1–2 s slower (docs/BENCHMARKS.md).
 */
export function serverNodeOptions(current = ""): string {
  let options = current;
  if (!/--max-semi-space-size/.test(options)) options = `${options} --max-semi-space-size=16`;
  if (!/--max-old-space-size/.test(options)) options = `${options} --max-old-space-size=1536`;
  return options.trim();
}

/**
 * V8 flags for the server's command line (V8 refuses them in NODE_OPTIONS). The worker's load comes in bursts: a quota
 * window's calls at once, then quiet until the next window opens. V8's memory reducer took each quiet spell for the end
 * of the work and ran two compacting collections to shrink the heap, and while it waited to do so let the heap grow only
 * 30 % past what was live; V8's own factor, set from how cheap collection is next to allocation, stayed lower still. A
 * full collection came every 10–15 MB promoted: 22–24 in a 2,000-image e2e run, and V8's helper threads used 1.05–1.45
 * ms of CPU per image. Grown to twice what is live, and not shrunk when idle: 8 collections, 0.6–0.85 ms; a
 * million-row ingest peaked at 309–311 MB RSS (304–328 before; docs/BENCHMARKS.md). The dedicated worker (`npm run worker`
 * in package.json) runs with the same flags.
 */
export const SERVER_V8_FLAGS = ["--no-memory-reducer", "--heap-growing-percent=100"];
