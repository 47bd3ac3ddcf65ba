import dns from "node:dns";

const DEFAULT_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 3600;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { addresses: string[]; until: number }>();
// Only for the answer's TTL (the system resolver does not give it): short, and never in the way of the lookup itself.
const ttlResolver = new dns.promises.Resolver({ timeout: 1500, tries: 1 });

/** A name the resolver says does not exist (NXDOMAIN): retried once, then permanent. Other resolver errors are temporary. */
export class HostNotFoundError extends Error {
  constructor(readonly host: string) {
    super(`The host ${host} does not exist (DNS: not found).`);
  }
}

async function ttlOf(host: string): Promise<number> {
  if (!host.includes(".") || host === "localhost") return DEFAULT_TTL_SECONDS;
  try {
    const records = await ttlResolver.resolve4(host, { ttl: true });
    return records.length ? Math.min(MAX_TTL_SECONDS, Math.max(1, Math.min(...records.map((record) => record.ttl)))) : DEFAULT_TTL_SECONDS;
  } catch {
    return DEFAULT_TTL_SECONDS;
  }
}

/**
 * The host's addresses from the system resolver (which reads /etc/hosts too), cached for the DNS answer's TTL, or a
 * minute when there is none: a batch of a million URLs on one CDN asks once per TTL, not a million times.
 */
export async function cachedResolve(host: string): Promise<string[]> {
  const hit = cache.get(host);
  if (hit && hit.until > Date.now()) return hit.addresses;
  const [looked, ttl] = await Promise.all([
    dns.promises.lookup(host, { all: true, verbatim: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOTFOUND") throw new HostNotFoundError(host);
      throw error;
    }),
    ttlOf(host),
  ]);
  const addresses = looked.map((entry) => entry.address);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(host, { addresses, until: Date.now() + ttl * 1000 });
  return addresses;
}
