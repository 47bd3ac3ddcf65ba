import { Readable } from "node:stream";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

// The stored original (uploads, and URLs once fetched), streamed from storage. Served with a strict type.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = imageIdParam.parse(params);
  const { db, config } = appContext();
  const image = await db.image.findUnique({ where: { id }, select: { sha256: true, mimeType: true } });
  const file = image?.sha256 ? await uploadsStorage(config).stream(image.sha256).catch(() => null) : null;
  if (!file) throw notFound("That image file");
  return new Response(Readable.toWeb(file) as ReadableStream, {
    headers: { "content-type": image?.mimeType ?? "application/octet-stream", "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
