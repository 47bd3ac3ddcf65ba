import { Readable } from "node:stream";
import { getPgPool } from "@/lib/db/pg-pool";
import { exportBatch } from "@/lib/export/export-batch";
import { exportQuerySchema } from "@/lib/export/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// ?format=csv|json|jsonl|xlsx, optional status, reviewStatus, errorCode, from, to (finished_at), raw=1, bom=1. Streamed.
export const GET = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const { format, raw, bom, ...filters } = exportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const file = await exportBatch(appContext().db, getPgPool(), { batchId: id, format, filters, includeRaw: raw, bom });
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "no-store" },
  });
});
