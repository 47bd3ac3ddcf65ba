import { checkReady } from "@/lib/health/check-ready";
import { appContext } from "@/lib/server/app-context";

export const dynamic = "force-dynamic";

/** The same probe as /api/ready: 200 when Loupe can take work (database, migrations, job engine); 503 with the reason otherwise. */
export async function GET() {
  const { db, config } = appContext();
  const report = await checkReady(db, process.env.DATABASE_URL, config.jobAdapter, Boolean(config.INNGEST_EVENT_KEY || config.INNGEST_DEV));
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
