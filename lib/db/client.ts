import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

/**
 * One Prisma client per process. DATABASE_URL is set by scripts/start.ts (embedded default) or by the operator.
 * Kept on globalThis so Next's dev reloads don't open a new pool each time.
 */
const globalForPrisma = globalThis as unknown as { loupePrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string, maxConnections = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: maxConnections });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  if (!globalForPrisma.loupePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Loupe with `npm start`, which provides the database.");
    globalForPrisma.loupePrisma = createPrismaClient(url);
  }
  return globalForPrisma.loupePrisma;
}
