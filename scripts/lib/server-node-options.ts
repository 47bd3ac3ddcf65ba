/**
 * NODE_OPTIONS for the Next server. Node 24's V8 sizes the young generation from the machine's memory; during a
 * million-row ingest that young generation, and what it promotes, added about 50–90 MB to the server's peak RSS for no
 * speed (docs/BENCHMARKS.md, ingest). 16 MB semispaces were Node's default before. An operator's own setting wins.
 */
export function serverNodeOptions(current = ""): string {
  return /--max-semi-space-size/.test(current) ? current : `${current} --max-semi-space-size=16`.trim();
}
