import { Readable } from "node:stream";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { isUploadId, reportKey } from "@/lib/ingest/upload-paths";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

// The CSV validation report of an upload: row, value, reason for every rejected row.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const report = isUploadId(params.id) ? await uploadsStorage(appContext().config).openFile(reportKey(params.id)) : null;
  if (!report) throw notFound("That validation report");
  return new Response(Readable.toWeb(report) as ReadableStream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="validation-report-${params.id.slice(0, 8)}.csv"` },
  });
});
