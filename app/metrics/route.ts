import { timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/lib/http/with-api";
import { renderMetrics } from "@/lib/metrics/render-metrics";
import { appContext } from "@/lib/server/app-context";

export const dynamic = "force-dynamic";

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Prometheus scrape endpoint: off unless METRICS_TOKEN is set, then only with `Authorization: Bearer <METRICS_TOKEN>`. */
export async function GET(request: Request) {
  const { db, config } = appContext();
  if (!config.METRICS_TOKEN) return errorResponse(404, "metrics_disabled", "Metrics are off. Set METRICS_TOKEN to enable /metrics.");
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!same(presented, config.METRICS_TOKEN)) return errorResponse(401, "unauthenticated", "Send the METRICS_TOKEN as `Authorization: Bearer …`.");
  const { contentType, body } = await renderMetrics(db);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
