import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { IDLE_CONNECTION_MS } from "./pg-pool";

/**
 * One Prisma client per process. DATABASE_URL is set by scripts/start.ts (embedded default) or by the operator.
 * Kept on globalThis so Next's dev reloads don't open a new pool each time.
 */
const globalForPrisma = globalThis as unknown as { loupePrisma?: PrismaClient };

// Which database each client talks to, for the bulk paths that go around Prisma (COPY) on the same database. On
// globalThis: Next's server bundle can hold this module more than once, and a client made by one copy is used by another.
const holder = globalThis as unknown as { loupeDatabaseUrls?: WeakMap<PrismaClient, string> };
const urls = (holder.loupeDatabaseUrls ??= new WeakMap<PrismaClient, string>());

export function createPrismaClient(databaseUrl: string, maxConnections = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: maxConnections, idleTimeoutMillis: IDLE_CONNECTION_MS });
  const client = new PrismaClient({ adapter });
  urls.set(client, databaseUrl);
  return client;
}

export function databaseUrlOf(db: PrismaClient): string {
  const url = urls.get(db);
  if (!url) throw new Error("This Prisma client was not made by createPrismaClient: its database is unknown.");
  return url;
}

export function getDb(): PrismaClient {
  if (!globalForPrisma.loupePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Loupe with `npm start`, which provides the database.");
    globalForPrisma.loupePrisma = createPrismaClient(url);
  }
  return globalForPrisma.loupePrisma;
}
