import { Readable } from "node:stream";
import { getPgPool } from "@/lib/db/pg-pool";
import { exportBatch } from "@/lib/export/export-batch";
import { exportOutputsZip } from "@/lib/export/export-outputs-zip";
import { batchExportQuerySchema } from "@/lib/export/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { searchParamsObject } from "@/lib/results/parse-field-filter";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

// ?format=csv|json|jsonl|xlsx, optional status, reviewStatus, errorCode, from, to (finished_at), filter=… on fields (repeatable),
// raw=1, bom=1; ?format=shopify (altText, seoTitle, seoDescription) or merchant (fields=attribute:field,…): commerce feeds;
// ?format=zip: the batch's image outputs (variants=approved: an enhance batch's approved variants only). Streamed.
export const GET = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const { format, raw, bom, filter, variants, altText, seoTitle, seoDescription, fields, ...filters } = batchExportQuerySchema.parse(searchParamsObject(new URL(request.url).searchParams));
  const feed = { altText, seoTitle, seoDescription, attributes: fields?.split(",").map((pair) => pair.split(":") as [string, string]) };
  const { db, config } = appContext();
  const file =
    format === "zip"
      ? await exportOutputsZip(db, uploadsStorage(config), id, new Date(), { variants })
      : await exportBatch(db, getPgPool(), { batchId: id, format, filters: { ...filters, fields: filter }, includeRaw: raw, bom, feed, baseUrl: config.PUBLIC_URL ?? new URL(request.url).origin });
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "no-store" },
  });
});
