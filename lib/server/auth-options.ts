import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import { verifyCredentials } from "../auth/manage-users";
import { consumeRateLimit } from "../auth/rate-limit";
import { recordAudit } from "../auth/record-audit";
import { appContext } from "./app-context";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

/** next-auth 4: email + password against the users table, JWT sessions that carry the user id and role. */
export function authOptions(): NextAuthOptions {
  const { db, config } = appContext();
  return {
    secret: ensureAuthSecret(config),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    // httpOnly + SameSite=Lax are next-auth's defaults; Secure (and the __Secure- prefix) when Loupe is served over HTTPS.
    useSecureCookies: Boolean(config.PUBLIC_URL?.startsWith("https://")),
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const email = String(credentials?.email ?? "").trim().toLowerCase();
          const password = String(credentials?.password ?? "");
          if (!email || !password) return null;
          const forwarded = request?.headers?.["x-forwarded-for"];
          const address = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() ?? "unknown";
          const limit = await consumeRateLimit(db, `signin:${email}:${address}`, SIGN_IN_ATTEMPTS_PER_MINUTE);
          if (!limit.allowed) throw new Error(`Too many sign-in attempts. Try again in ${limit.retryAfterSeconds} s.`);
          const user = await verifyCredentials(db, email, password);
          if (!user) return null;
          await recordAudit(db, { userId: user.id, action: "user.sign_in" });
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: string }).role;
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, role: token.role });
        return session;
      },
    },
  };
}
