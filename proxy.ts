import { NextResponse, type NextRequest } from "next/server";
import { readSessionToken } from "@/lib/auth/authenticate-request";
import { ensureAuthSecret } from "@/lib/auth/ensure-auth-secret";
import { config as loupeConfig } from "@/lib/config";

/** Pages without a session go to sign-in; /admin needs the admin role. Every page checks again on the server (requirePageRole). */
const OPEN_PAGES = ["/signin", "/setup", "/forbidden"];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const forwarded = new Headers(request.headers);
  forwarded.set("x-loupe-path", `${pathname}${search}`);
  if (OPEN_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`))) return NextResponse.next({ request: { headers: forwarded } });

  const session = await readSessionToken(request.headers.get("cookie"), process.env.AUTH_SECRET ?? ensureAuthSecret(loupeConfig()));
  if (!session) {
    const signIn = new URL("/signin", request.url);
    if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  if (pathname.startsWith("/admin") && session.role !== "admin") return NextResponse.redirect(new URL("/forbidden?need=admin", request.url));
  return NextResponse.next({ request: { headers: forwarded } });
}

// API routes authenticate in withApi (and must stream large uploads, which a proxy would buffer); static files need nothing;
// the probes under /health answer without a session, as /api/health does.
export const config = {
  matcher: ["/((?!api/|health/|_next/static|_next/image|favicon\\.ico|manifest\\.webmanifest|metrics|.*\\.(?:png|jpg|jpeg|svg|webp|ico|txt)$).*)"],
};
