import { withApi } from "@/lib/http/with-api";
import { fileNameFromHeaders } from "@/lib/http/file-name-header";
import { storeImageUpload } from "@/lib/ingest/store-image-upload";
import { appContext } from "@/lib/server/app-context";
import { storageQuota } from "@/lib/storage/storage-quota";
import { uploadsStorage } from "@/lib/storage";

// Body: one raw image file; X-File-Name: its name. Stored by content (the same image is kept once).
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { config } = appContext();
  const stored = await storeImageUpload(uploadsStorage(config), request.body, fileNameFromHeaders(request, "image"), config.MAX_UPLOAD_MB * 1024 * 1024, storageQuota(config));
  return Response.json(stored, { status: 201 });
});
