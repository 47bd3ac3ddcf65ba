import { Readable } from "node:stream";
import { getPgPool } from "@/lib/db/pg-pool";
import { crossBatchExportQuerySchema, exportAcrossBatches } from "@/lib/export/export-across-batches";
import { withApi } from "@/lib/http/with-api";
import { searchParamsObject } from "@/lib/results/parse-field-filter";
import { appContext } from "@/lib/server/app-context";

// Seed 000: ?format=csv|json|jsonl|xlsx with batch_id, parent_batch_id, status, review_status, since, filter=… on fields (repeatable). Streamed.
export const GET = withApi({ role: "analyst" }, async ({ request }) => {
  const query = crossBatchExportQuerySchema.parse(searchParamsObject(new URL(request.url).searchParams));
  const file = await exportAcrossBatches(appContext().db, getPgPool(), query);
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "no-store" },
  });
});
