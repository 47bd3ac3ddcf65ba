import { getSystemStatus } from "@/lib/admin/get-system-status";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi({ role: "admin" }, async () => {
  const { db, config } = appContext();
  const status = await getSystemStatus(db, { dataDir: config.dataDir, storage: config.storage, jobAdapter: config.jobAdapter });
  return Response.json(status, { headers: { "cache-control": "no-store" } });
});
