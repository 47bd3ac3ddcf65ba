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
