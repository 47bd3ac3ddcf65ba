import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../lib/db/embedded-postgres";
import { version } from "../../lib/version";
import { createTestDatabase } from "../helpers/test-database";

// /health/live and /health/ready answer exactly as /api/health and /api/ready do, and need no sign-in (the proxy lets them by).
type Probe = () => Promise<Response>;

describe("probes: /health/live and /health/ready", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const probes = {} as Record<"live" | "ready" | "apiHealth" | "apiReady", Probe>;

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, WORKER: "off" });
    probes.live = (await import("../../app/health/live/route")).GET;
    probes.ready = (await import("../../app/health/ready/route")).GET;
    probes.apiHealth = (await import("../../app/api/health/route")).GET;
    probes.apiReady = (await import("../../app/api/ready/route")).GET;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const answer = async (probe: Probe) => {
    const response = await probe();
    return { status: response.status, cache: response.headers.get("cache-control"), body: await response.json() };
  };

  it("/health/live: 200 with the version on a reachable, migrated database, the same answer as /api/health", async () => {
    const live = await answer(probes.live);
    expect(live).toEqual({ status: 200, cache: "no-store", body: { status: "ok", db: "ok", migrations: "current", version } });
    expect(await answer(probes.apiHealth)).toEqual(live);
  });

  it("/health/ready: the same answer as /api/ready (the job engine's schema decides ready)", async () => {
    const ready = await answer(probes.ready);
    expect(ready).toEqual(await answer(probes.apiReady));
    expect([200, 503]).toContain(ready.status);
    expect(ready.body).toMatchObject({ db: "ok", migrations: "current", jobAdapter: "pg-boss" });
    expect(ready.body.ready).toBe(ready.status === 200);
  });

  it("503 with the reason when the database is unreachable", async () => {
    const kept = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `postgresql://nobody:x@127.0.0.1:${await findFreePort()}/none`;
    try {
      const live = await answer(probes.live);
      expect(live.status).toBe(503);
      expect(live.body).toMatchObject({ status: "error", db: "unreachable" });
      const ready = await answer(probes.ready);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ready: false, db: "unreachable", jobs: "unknown" });
    } finally {
      process.env.DATABASE_URL = kept;
    }
  });

  it("the sign-in proxy passes /health/* by, as it does /api/*, and still guards pages", async () => {
    const { config } = await import("../../proxy");
    const guarded = (pathname: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(pathname));
    expect(guarded("/health/live")).toBe(false);
    expect(guarded("/health/ready")).toBe(false);
    expect(guarded("/api/health")).toBe(false);
    expect(guarded("/batches")).toBe(true);
    expect(guarded("/healthy-looking-page")).toBe(true);
  });
});
