import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { authenticateRequest } from "../auth/authenticate-request";
import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import { roleAtLeast, type Principal, type Role } from "../auth/roles";
import { appContext } from "./app-context";

/** The signed-in person for a server component, or null. Reads the user row, so deactivation applies at once. */
export async function currentUser(): Promise<Principal | null> {
  // cookies() first: it marks the page dynamic before anything touches the database (nothing here may be prerendered).
  const cookieHeader = (await cookies()).toString();
  const { db, config } = appContext();
  const request = new Request("http://loupe.local/", { headers: { cookie: cookieHeader } });
  return authenticateRequest(db, request, ensureAuthSecret(config));
}

/** Pages call this first: no session → sign-in (back here afterwards); too small a role → the forbidden page. */
export async function requirePageRole(least: Role): Promise<Principal> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-loupe-path") ?? "/";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!roleAtLeast(user.role, least)) redirect(`/forbidden?need=${least}`);
  return user;
}
