import { withApi } from "@/lib/http/with-api";
import { fileNameFromHeaders } from "@/lib/http/file-name-header";
import { storeCsvUpload } from "@/lib/ingest/store-csv-upload";
import { appContext } from "@/lib/server/app-context";
import { storageQuota } from "@/lib/storage/storage-quota";

// Body: the raw CSV/TSV file; X-File-Name: its name. Answers the preview and a suggested column mapping.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { config } = appContext();
  const preview = await storeCsvUpload(config, request.body, fileNameFromHeaders(request, "upload.csv"), config.MAX_CSV_MB * 1024 * 1024, storageQuota(config));
  return Response.json(preview, { status: 201 });
});
