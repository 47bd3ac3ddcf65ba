import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { syncBucketBatch } from "@/lib/ingest/sync-bucket-batch";
import { appContext } from "@/lib/server/app-context";

// A bucket batch: list its s3:// prefix again and add only the keys that are new since the last listing.
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db, config, jobs, dispatchWindow } = appContext();
  return Response.json(await syncBucketBatch(db, config, await jobs(), id, dispatchWindow));
});
