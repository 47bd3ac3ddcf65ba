import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage/local-storage";

// The stored original (uploads, and URLs once fetched). Served as an attachment-safe image with a strict type.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = imageIdParam.parse(params);
  const { db, config } = appContext();
  const image = await db.image.findUnique({ where: { id }, select: { sha256: true, mimeType: true } });
  const storage = uploadsStorage(config.dataDir);
  if (!image?.sha256 || !(await storage.exists(image.sha256))) throw notFound("That image file");
  return new Response(new Uint8Array(await storage.read(image.sha256)), {
    headers: { "content-type": image.mimeType ?? "application/octet-stream", "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
