import { GoogleGenAI, type GoogleGenAIOptions } from "@google/genai";
import { httpFetch } from "./http-fetch";
import type { VertexAccessTokens } from "./vertex-access-token";

export interface VertexClientOptions {
  project: string;
  location: string;
  tokens: VertexAccessTokens;
  /** An endpoint serving Vertex's paths (the emulator); `https://{location}-aiplatform.googleapis.com/` when unset. */
  baseUrl?: string;
}

/**
 * The SDK in Vertex mode: `{baseUrl}/v1beta1/projects/{project}/locations/{location}/publishers/google/models/{model}:…`
 * (a custom baseUrl keeps the project path, since project and location are given). The access token reaches the SDK as
 * its `googleAuthOptions.authClient`: GoogleAuth hands a given client back as is and the SDK asks it only for
 * getRequestHeaders(), so this object is all the auth the SDK sees, and nothing falls back to Application Default
 * Credentials (which would post our key file to oauth2.googleapis.com, whatever its token_uri says). Requests go through
 * httpFetch as in API-key mode.
 */
export function createVertexClient(options: VertexClientOptions): GoogleGenAI {
  const { tokens } = options;
  const authClient = {
    async getRequestHeaders() {
      return new Headers({ authorization: `Bearer ${await tokens.get()}` });
    },
  } as unknown as NonNullable<NonNullable<GoogleGenAIOptions["googleAuthOptions"]>["authClient"]>;
  return new GoogleGenAI({
    vertexai: true,
    project: options.project,
    location: options.location,
    apiVersion: "v1beta1",
    googleAuthOptions: { authClient },
    httpOptions: { fetch: fetchRenewingRefusedToken(tokens), ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  });
}

/**
 * httpFetch, and once more with a new token when Vertex answers 401 to the one sent (revoked, or expired early by a clock
 * that drifted): a token's death is not the service account's. A second 401, or a refused exchange, is the caller's error.
 */
function fetchRenewingRefusedToken(tokens: VertexAccessTokens): typeof fetch {
  return async (input, init = {}) => {
    const response = await httpFetch(input, init);
    if (response.status !== 401) return response;
    const headers = new Headers(init.headers);
    const sent = headers.get("authorization")?.replace(/^Bearer\s+/i, "");
    if (!sent) return response;
    tokens.invalidate(sent);
    headers.set("authorization", `Bearer ${await tokens.get()}`);
    return httpFetch(input, { ...init, headers });
  };
}
