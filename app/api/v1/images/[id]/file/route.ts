import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { openImageFile } from "@/lib/images/open-image-file";
import { appContext } from "@/lib/server/app-context";

// The stored original (uploads, and URLs once fetched) or an imported bucket's object, streamed. Served with a strict type.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = imageIdParam.parse(params);
  const { db, config } = appContext();
  const image = await db.image.findUnique({ where: { id }, select: { sha256: true, mimeType: true, sourceUrl: true } });
  const file = image ? await openImageFile(config, image) : null;
  if (!file) throw notFound("That image file");
  return new Response(file as ReadableStream, {
    headers: { "content-type": image?.mimeType ?? "application/octet-stream", "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
