import { z } from "zod";
import { listAuditLog } from "@/lib/auth/record-audit";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().regex(/^\d{1,18}$/, { message: "must be an audit entry id" }).transform(BigInt).optional(),
});

export const GET = withApi({ role: "admin" }, async ({ request }) => {
  const input = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listAuditLog(appContext().db, input));
});
