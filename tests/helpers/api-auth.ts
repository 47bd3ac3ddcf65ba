import { randomBytes } from "node:crypto";
import { createApiToken } from "../../lib/auth/manage-api-tokens";
import { createUser } from "../../lib/auth/manage-users";
import type { Role } from "../../lib/auth/roles";
import { createPrismaClient } from "../../lib/db/client";

const cache = new Map<string, Promise<Record<string, string>>>();

/**
 * Headers that authenticate a call to /api/v1 as a user of `role` in the database at `databaseUrl`: the one way tests
 * authenticate API calls. Creates (once per database, role and `person`) a real user and a real API token there.
 */
export function apiAuthHeaders(databaseUrl: string, role: Role = "admin", scopes: ("read" | "write")[] = ["read", "write"], person = ""): Promise<Record<string, string>> {
  const cacheKey = `${databaseUrl}|${role}|${scopes.join(",")}|${person}`;
  let headers = cache.get(cacheKey);
  if (!headers) {
    headers = (async () => {
      const db = createPrismaClient(databaseUrl, 1);
      try {
        const suffix = randomBytes(4).toString("hex");
        const user = await createUser(db, { email: `${role}-${suffix}@test.loupe`, password: randomBytes(12).toString("hex"), role, name: `Test ${role}` });
        const token = await createApiToken(db, user.id, { name: "tests", scopes, expiresInDays: 1 });
        return { authorization: `Bearer ${token.token}` };
      } finally {
        await db.$disconnect();
      }
    })();
    cache.set(cacheKey, headers);
  }
  return headers;
}
