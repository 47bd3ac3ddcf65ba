import path from "node:path";
import { withApi } from "@/lib/http/with-api";
import { fileNameFromHeaders } from "@/lib/http/file-name-header";
import { storeZipUpload } from "@/lib/ingest/store-zip-upload";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";
import { storageQuota } from "@/lib/storage/storage-quota";

const MB = 1024 * 1024;

// Body: a raw ZIP of images; X-File-Name: its name. Answers the images kept and, per entry, why others were refused.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { config } = appContext();
  const result = await storeZipUpload(uploadsStorage(config), path.join(config.dataDir, "tmp"), request.body, fileNameFromHeaders(request, "images.zip"), {
    maxZipBytes: config.MAX_ZIP_MB * MB,
    maxImageBytes: config.MAX_UPLOAD_MB * MB,
    maxTotalBytes: Math.max(2 * config.MAX_ZIP_MB * MB, 100 * MB),
    maxEntries: 10_000,
    quota: storageQuota(config),
  });
  return Response.json(result, { status: 201 });
});
