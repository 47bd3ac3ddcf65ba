import { buildOpenApi } from "@/lib/http/build-openapi";
import { withPublicApi } from "@/lib/http/with-api";

export const GET = withPublicApi(async () => Response.json(buildOpenApi(), { headers: { "cache-control": "public, max-age=300" } }));
