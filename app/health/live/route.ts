import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

/** The same probe as /api/health, at the path orchestrators expect: 200 when the database answers and is migrated, 503 otherwise. */
export async function GET() {
  const report = await checkHealth(process.env.DATABASE_URL);
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
