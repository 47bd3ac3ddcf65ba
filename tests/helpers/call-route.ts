import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const APP = path.resolve(import.meta.dirname, "../../app");

/** The route file Next would pick for a path: at each level a static folder first, then a [param] one (as Next ranks them). */
function resolveRoute(segments: string[], dir = APP, params: Record<string, string> = {}): { file: string; params: Record<string, string> } | null {
  if (segments.length === 0) return existsSync(path.join(dir, "route.ts")) ? { file: path.join(dir, "route.ts"), params } : null;
  const [head, ...rest] = segments;
  if (existsSync(path.join(dir, head))) {
    const found = resolveRoute(rest, path.join(dir, head), params);
    if (found) return found;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const match = entry.isDirectory() && entry.name.match(/^\[(\w+)\]$/);
    if (!match) continue;
    const found = resolveRoute(rest, path.join(dir, entry.name), { ...params, [match[1]]: decodeURIComponent(head) });
    if (found) return found;
  }
  return null;
}

/**
 * Sends a request shaped as curl sends it to the route handler Next would route it to (path → app/…/route.ts, method →
 * its export), in this process: `callRoute(new Request("http://127.0.0.1/api/v1/batches/related/…"))`.
 */
export async function callRoute(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const route = resolveRoute(pathname.split("/").filter(Boolean));
  if (!route) return new Response("no route", { status: 404 });
  const handlers = (await import(route.file)) as Record<string, Handler | undefined>;
  const handler = handlers[request.method];
  if (!handler) return new Response("method not allowed", { status: 405 });
  return handler(request, { params: Promise.resolve(route.params) });
}
