import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../../lib/auth/manage-api-tokens";
import { createUser } from "../../lib/auth/manage-users";
import { consumeRateLimit } from "../../lib/auth/rate-limit";
import { ROLES, roleAtLeast, type Role } from "../../lib/auth/roles";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { API_ROUTES, type ApiRoute } from "../../lib/http/api-routes";
import { observeGeminiCall } from "../../lib/metrics/registry";
import { createTestDatabase } from "../helpers/test-database";

const SECRET = "integration-test-secret-0123456789abcdef";
const PLANTED_KEY = "AIzaPlantedSecretKey000000000000000007";
const RATE_LIMIT = 200;
const METRICS_TOKEN = "metrics-token-0123456789";
const APP_API = path.resolve("app/api/v1");

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** app/api/v1/batches/[id]/route.ts → "/batches/{id}" with its exported methods. */
function routeFiles(dir = APP_API): { path: string; file: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    if (name !== "route.ts") return [];
    return [{ path: "/" + path.relative(APP_API, dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}"), file: full }];
  });
}

const fileOf = (route: ApiRoute) => path.join(APP_API, route.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
const sampleParams = (route: ApiRoute) => Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, route.path.startsWith("/images") ? "123456" : "00000000-0000-4000-8000-000000000000"]));

describe("access: every route handler checks who is calling", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let pool: KeyPool;
  const users = {} as Record<Role, { id: string; cookie: string }>;
  const logged: string[] = [];
  const restore: (() => void)[] = [];

  async function call(route: ApiRoute, headers: Record<string, string>, ip = "203.0.113.7"): Promise<Response> {
    const routeModule = (await import(/* @vite-ignore */ fileOf(route))) as Record<string, Handler>;
    const handler = routeModule[route.method];
    const url = `http://127.0.0.1/api/v1${route.path.replace(/\{(\w+)\}/g, (_, name: string) => sampleParams(route)[name])}`;
    const body = ["GET", "DELETE"].includes(route.method) ? undefined : route.rawBody ? "" : "{}";
    const request = new Request(url, { method: route.method, headers: { "x-forwarded-for": ip, "content-type": route.rawBody ?? "application/json", ...headers }, body });
    return handler(request, { params: Promise.resolve(sampleParams(route)) });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      AUTH_SECRET: SECRET,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-access-")),
      WORKER: "off",
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      RATE_LIMIT_IP_PER_MINUTE: "100000",
      GEMINI_API_KEYS: `planted:${PLANTED_KEY}`,
      METRICS_TOKEN: METRICS_TOKEN,
      LOG_LEVEL: "info",
    });
    db = createPrismaClient(database.url);
    pool = await createKeyPool(database.url, { keys: [{ key: PLANTED_KEY, project: "planted" }], limits: { rpm: 10, tpm: 100_000, rpd: 1000 } });
    for (const role of ROLES) {
      const user = await createUser(db, { email: `${role}@access.test`, password: "long-enough-password", role });
      const token = await encode({ token: { sub: user.id, role }, secret: SECRET });
      users[role] = { id: user.id, cookie: `next-auth.session-token=${token}` };
    }
    // Everything the route handlers log, to prove the planted key is never in it.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), write(chunk, ...rest))) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
  });
  afterAll(async () => {
    restore.forEach((undo) => undo());
    await pool?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it("the route table lists every handler in app/api/v1, and there are no server actions to walk besides", () => {
    const declared = new Set(API_ROUTES.map((route) => `${route.method} ${route.path}`));
    const found = routeFiles().flatMap(({ path: routePath, file }) =>
      [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b|export \{ handler as (GET|POST)/g)].map((m) => `${m[1] ?? m[2]} ${routePath}`),
    );
    expect(new Set(found)).toEqual(declared);
    const sources = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? sources(path.join(dir, name)) : /\.tsx?$/.test(name) ? [path.join(dir, name)] : []));
    const withActions = [...sources("app"), ...sources("components")].filter((file) => /^\s*["']use server["']/m.test(readFileSync(file, "utf8")));
    expect(withActions).toEqual([]);
  });

  const guarded = API_ROUTES.filter((route) => route.role !== "public");
  it.each(guarded.map((route) => [`${route.method} ${route.path}`, route] as const))("%s: 401 without credentials, 403 below its role, allowed from its role up", async (_, route) => {
    const anonymous = await call(route, {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthenticated");
    for (const role of ROLES) {
      const response = await call(route, { cookie: users[role].cookie });
      if (roleAtLeast(role, route.role as Role)) {
        expect([401, 403], `${role} must be allowed`).not.toContain(response.status);
        expect(response.status, `${role}: no 500`).toBeLessThan(500);
      } else {
        expect(response.status, `${role} must be refused`).toBe(403);
        expect((await response.json()).error.code).toBe("forbidden");
      }
    }
    // A forged or foreign cookie is no session at all.
    const forged = await encode({ token: { sub: users.admin.id, role: "admin" }, secret: "someone-elses-secret-0123456789abcdef" });
    expect((await call(route, { cookie: `next-auth.session-token=${forged}` })).status).toBe(401);
  });

  it("API tokens: read scope cannot write; revoked, expired and unknown tokens are refused; a deactivated user's token stops working", async () => {
    const read = await createApiToken(db, users.admin.id, { name: "read", scopes: ["read"], expiresInDays: 30 });
    const write = await createApiToken(db, users.analyst.id, { name: "write", scopes: ["read", "write"], expiresInDays: 30 });
    const list = API_ROUTES.find((r) => r.method === "GET" && r.path === "/batches")!;
    const create = API_ROUTES.find((r) => r.method === "POST" && r.path === "/batches")!;
    expect((await call(list, { authorization: `Bearer ${read.token}` })).status).toBe(200);
    const refused = await call(create, { authorization: `Bearer ${read.token}` });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("insufficient_scope");
    expect((await call(create, { authorization: `Bearer ${write.token}` })).status).toBe(400); // allowed; the empty body is the problem

    await revokeApiToken(db, users.admin.id, read.id);
    expect((await call(list, { authorization: `Bearer ${read.token}` })).status).toBe(401);
    const expired = await createApiToken(db, users.admin.id, { name: "old", scopes: ["read"], expiresInDays: 1 });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(list, { authorization: `Bearer ${expired.token}` })).status).toBe(401);
    expect((await call(list, { authorization: "Bearer loupe_not-a-real-token" })).status).toBe(401);
    expect((await call(list, { authorization: "Basic YWRtaW46YWRtaW4=" })).status).toBe(401);

    // Tokens are stored hashed: the raw value is nowhere in the table.
    const stored = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(t)::text AS row FROM api_tokens t`;
    expect(stored.some((r) => r.row.includes(write.token))).toBe(false);

    await db.user.update({ where: { id: users.analyst.id }, data: { active: false } });
    expect((await call(list, { authorization: `Bearer ${write.token}` })).status).toBe(401);
    expect((await call(list, { cookie: users.analyst.cookie })).status).toBe(401);
    await db.user.update({ where: { id: users.analyst.id }, data: { active: true } });
  });

  it(`rate limits: beyond ${RATE_LIMIT} calls a minute a token gets 429 with Retry-After; the count is shared through PostgreSQL`, async () => {
    // Windows are calendar minutes: start early in one so all the calls and the check below fall in the same window.
    const intoMinute = new Date().getUTCSeconds();
    if (intoMinute > 45) await new Promise((r) => setTimeout(r, (61 - intoMinute) * 1000));
    const token = await createApiToken(db, users.viewer.id, { name: "busy", scopes: ["read"], expiresInDays: 1 });
    const me = API_ROUTES.find((r) => r.path === "/me")!;
    let last: Response | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) last = await call(me, { authorization: `Bearer ${token.token}` });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await last!.json()).error.code).toBe("rate_limited");
    // A second process sees the same window: consume from a separate client.
    const other = createPrismaClient(database.url, 1);
    const shared = await consumeRateLimit(other, `token:${token.id}`, RATE_LIMIT);
    await other.$disconnect();
    expect(shared.allowed).toBe(false);
  });

  it("/metrics needs METRICS_TOKEN and serves Prometheus text with masked keys only", async () => {
    const { GET } = (await import("../../app/metrics/route")) as { GET: (request: Request) => Promise<Response> };
    observeGeminiCall("AIza…0007", "ok", 1200); // what generateWithRetries records for each call
    expect((await GET(new Request("http://127.0.0.1/metrics"))).status).toBe(401);
    expect((await GET(new Request("http://127.0.0.1/metrics", { headers: { authorization: "Bearer wrong-token-0123456789" } }))).status).toBe(401);
    const response = await GET(new Request("http://127.0.0.1/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/^loupe_images\{status="succeeded"\} \d+$/m);
    expect(text).toMatch(/^loupe_gemini_call_duration_seconds_bucket\{le="2",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^loupe_gemini_calls_total\{key="AIza…0007",outcome="ok"\} 1$/m);
    expect(text).toMatch(/loupe_gemini_key_active\{key="AIza…0007",project="planted",state="active"\} 1/);
    expect(text).not.toContain(PLANTED_KEY);
  });

  it("the planted Gemini key is in no API response and no log line; admins see it masked", async () => {
    const bodies: string[] = [];
    for (const route of API_ROUTES.filter((r) => r.method === "GET")) {
      const response = await call(route, { cookie: users.admin.cookie });
      bodies.push(await response.text());
    }
    const status = bodies[API_ROUTES.filter((r) => r.method === "GET").findIndex((r) => r.path === "/admin/status")];
    expect(status).toContain("planted");
    expect(status).toContain(PLANTED_KEY.slice(-4));
    for (const text of [...bodies, ...logged]) expect(text).not.toContain(PLANTED_KEY);
  });
});
