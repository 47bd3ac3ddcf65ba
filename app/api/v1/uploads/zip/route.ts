import path from "node:path";
import { withApi } from "@/lib/http/with-api";
import { fileNameFromHeaders } from "@/lib/http/file-name-header";
import { storeZipUpload, zipLimits } from "@/lib/ingest/store-zip-upload";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";
import { storageQuota } from "@/lib/storage/storage-quota";

// Body: a raw ZIP of images; X-File-Name: its name. Answers the images kept and, per entry, why others were refused.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { config } = appContext();
  const result = await storeZipUpload(uploadsStorage(config), path.join(config.dataDir, "tmp"), request.body, fileNameFromHeaders(request, "images.zip"), zipLimits(config, storageQuota(config)));
  return Response.json(result, { status: 201 });
});
