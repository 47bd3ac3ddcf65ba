import { createBatchSchema } from "@/lib/batches/schemas";
import { batchListQuerySchema, listBatches } from "@/lib/batches/list-batches";
import { startCreatedBatches } from "@/lib/batches/start-created-batches";
import { withApi } from "@/lib/http/with-api";
import { createBatchesFromRequest } from "@/lib/ingest/create-batches-from-request";
import { parseMultipartBatch } from "@/lib/ingest/parse-multipart-batch";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";
import { storageQuota } from "@/lib/storage/storage-quota";

// ?status=&q=&cursor=&limit=: newest first, parents with their parts, keyset-paginated (nextCursor).
export const GET = withApi({ role: "viewer" }, async ({ request }) => {
  const query = batchListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listBatches(appContext().db, query));
});

// JSON: { urls } | { uploadId, mapping, skipDuplicates? } | { images: [{ sha256, name }] }, each with optional name and templateId.
// multipart/form-data (read as a stream): `images` files, `zip` ZIPs of images or one `csv` file (+ optional `mapping` JSON),
// with `name` and `templateId`; seed 000's `file` (image, ZIP or CSV), `files` and `batch_name` too.
export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const { db, config, jobs } = appContext();
  const multipart = request.headers.get("content-type")?.startsWith("multipart/form-data");
  const { body, refusedFiles } = multipart
    ? await parseMultipartBatch(request, { config, storage: uploadsStorage(config), quota: storageQuota(config) })
    : { body: createBatchSchema.parse(await request.json()), refusedFiles: [] };
  const created = await createBatchesFromRequest(db, config, body, principal.userId);
  await startCreatedBatches(await jobs(), created);
  return Response.json(refusedFiles.length ? { ...created, refusedFiles } : created, { status: 201 });
});
