import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { reportPath } from "@/lib/ingest/upload-paths";
import { appContext } from "@/lib/server/app-context";

// The CSV validation report of an upload: row, value, reason for every rejected row.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const file = /^[0-9a-f-]{36}$/.test(params.id) ? reportPath(appContext().config.dataDir, params.id) : "";
  if (!file || !existsSync(file)) throw notFound("That validation report");
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="validation-report-${params.id.slice(0, 8)}.csv"` },
  });
});
