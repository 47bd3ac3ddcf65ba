import type { PrismaClient } from "../db/generated/client";
import { checkHealth } from "./check-health";

/** Readiness: the database answers, migrations are current, and the job engine can take work. */
export async function checkReady(db: PrismaClient, databaseUrl: string | undefined, jobAdapter: "pg-boss" | "inngest", inngestConfigured: boolean) {
  const health = await checkHealth(databaseUrl);
  if (health.status !== "ok") return { ready: false, ...health, jobs: "unknown" as const };
  let jobs: "ok" | "starting" | "not_configured" = "ok";
  if (jobAdapter === "pg-boss") {
    const rows = await db.$queryRaw<{ table: string | null }[]>`SELECT to_regclass('pgboss.job')::text AS table`;
    if (!rows[0]?.table) jobs = "starting"; // pg-boss creates its schema when the first engine starts
  } else if (!inngestConfigured) jobs = "not_configured";
  return { ready: jobs === "ok", ...health, jobs, jobAdapter };
}
