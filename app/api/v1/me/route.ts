import { withApi } from "@/lib/http/with-api";

export const GET = withApi({ role: "viewer" }, async ({ principal }) =>
  Response.json({ user: { id: principal.userId, email: principal.email, name: principal.name, role: principal.role }, via: principal.via, scopes: principal.scopes ?? null }),
);
