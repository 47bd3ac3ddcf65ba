import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type LoupeClient = Client<paths>;

/**
 * A typed client for Loupe's /api/v1 (types generated from its OpenAPI document):
 * `const loupe = createLoupeClient(process.env.LOUPE_URL, process.env.LOUPE_TOKEN);`
 * `const { data, error } = await loupe.GET("/batches/{id}", { params: { path: { id } } });`
 */
export function createLoupeClient(baseUrl: string, token: string, options: { fetch?: typeof fetch } = {}): LoupeClient {
  return createClient<paths>({
    baseUrl: `${baseUrl.replace(/\/$/, "")}/api/v1`,
    headers: { authorization: `Bearer ${token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
