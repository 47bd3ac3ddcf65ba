import type { Role } from "../../lib/http/with-api";

/**
 * Headers that authenticate an in-process or HTTP call to /api/v1 as a user of `role` in the database at `databaseUrl`.
 * Contract shared by every test: until sign-in and API tokens land (access issue) it returns no headers; the access work
 * replaces the body so that it creates a user + personal API token there and returns `{ authorization: "Bearer …" }`.
 */
export async function apiAuthHeaders(databaseUrl: string, role: Role = "admin"): Promise<Record<string, string>> {
  void databaseUrl;
  void role;
  return {};
}
