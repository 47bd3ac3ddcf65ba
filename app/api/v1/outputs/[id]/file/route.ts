import { Readable } from "node:stream";
import { withApi } from "@/lib/http/with-api";
import { outputIdParam } from "@/lib/http/parse-id";
import { openOutputFile } from "@/lib/outputs/open-output-file";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

// An output image (a transform's result, an enhance variant), streamed from storage. ?download=1: as an attachment.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params, request }) => {
  const { id } = outputIdParam.parse(params);
  const { db, config } = appContext();
  const file = await openOutputFile(db, uploadsStorage(config), id);
  const disposition = new URL(request.url).searchParams.get("download") === "1" ? "attachment" : "inline";
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: {
      "content-type": file.mimeType,
      "content-length": String(file.bytes),
      "content-disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "cache-control": "private, max-age=86400, immutable",
      "x-content-type-options": "nosniff",
    },
  });
});
