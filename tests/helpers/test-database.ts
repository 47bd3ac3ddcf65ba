import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";

/** A fresh database for one test file: empty (`migrated: false`) or cloned from the migrated template. */
export async function createTestDatabase({ migrated = true } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("postgresAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(migrated ? `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplateDb")}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A migrated database and a Prisma client on it for the test file that calls this (in its describe): created before its
 * tests, dropped after. Read `.db` and `.url` inside tests and hooks, not at import time.
 */
export function useTestDatabase() {
  const context = {} as { url: string; db: PrismaClient; drop: () => Promise<void> };
  beforeAll(async () => {
    const database = await createTestDatabase();
    Object.assign(context, database, { db: createPrismaClient(database.url) });
  });
  afterAll(async () => {
    await context.db?.$disconnect();
    await context.drop?.();
  });
  return context;
}
