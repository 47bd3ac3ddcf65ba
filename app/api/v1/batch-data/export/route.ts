import { Readable } from "node:stream";
import { getPgPool } from "@/lib/db/pg-pool";
import { crossBatchExportQuerySchema, exportAcrossBatches } from "@/lib/export/export-across-batches";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

// Seed 000: ?format=csv|json|jsonl|xlsx with batch_id, parent_batch_id, status, review_status, since. Streamed.
export const GET = withApi({ role: "analyst" }, async ({ request }) => {
  const query = crossBatchExportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const file = await exportAcrossBatches(appContext().db, getPgPool(), query);
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "no-store" },
  });
});
