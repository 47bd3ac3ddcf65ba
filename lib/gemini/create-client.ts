import { GoogleGenAI } from "@google/genai";
import type { Config, VertexConfig } from "../config";
import { httpFetch } from "./http-fetch";
import type { Lease } from "./key-pool";
import { createVertexAccessTokens, VertexAuthError, type VertexAccessTokens } from "./vertex-access-token";
import { createVertexClient } from "./vertex-client";
import { readServiceAccount } from "./vertex-service-account";

export interface GeminiClientOptions {
  /** A Gemini-compatible endpoint (the emulator); Google's when unset. In Vertex mode, an endpoint serving Vertex's paths. */
  baseUrl?: string;
  /** Vertex AI: the service account's pool entry goes through Vertex; any other key (one an admin added) is a Gemini API key. */
  vertex?: VertexConfig | null;
}

/** The SDK client a lease's calls go through, one per key and endpoint (each holds its own agent settings). */
export type GeminiClientFactory = (lease: Pick<Lease, "keyId" | "apiKey">) => GoogleGenAI;

export function createGeminiClientFactory(options: GeminiClientOptions): GeminiClientFactory {
  const clients = new Map<string, GoogleGenAI>();
  const baseUrl = options.baseUrl ? { baseUrl: options.baseUrl } : {};
  const { vertex } = options;
  return (lease) => {
    let client = clients.get(lease.keyId);
    if (!client) {
      client =
        vertex && lease.apiKey === vertex.poolKey
          ? createVertexClient({ project: vertex.project, location: vertex.location, tokens: serviceAccountTokens(vertex.credentialsFile), ...baseUrl })
          : // vertexai: false, so that GOOGLE_GENAI_USE_VERTEXAI in the environment cannot turn an API key's calls into Vertex ones.
            new GoogleGenAI({ vertexai: false, apiKey: lease.apiKey, apiVersion: "v1beta", httpOptions: { fetch: httpFetch, ...baseUrl } });
      clients.set(lease.keyId, client);
    }
    return client;
  };
}

/** The key file is read when the first call needs a token; if it has become unreadable since startup, the call says so. */
function serviceAccountTokens(file: string): VertexAccessTokens {
  let tokens: VertexAccessTokens | null = null;
  const load = () => {
    try {
      tokens ??= createVertexAccessTokens(readServiceAccount(file));
      return tokens;
    } catch (error) {
      throw new VertexAuthError(`Vertex AI cannot use the service account: GOOGLE_APPLICATION_CREDENTIALS ${(error as Error).message}`, 401);
    }
  };
  return { get: () => Promise.resolve().then(() => load().get()), invalidate: (token) => tokens?.invalidate(token) };
}

const factories = new WeakMap<Config, GeminiClientFactory>();

/** This process's client factory for a configuration (built once per config object; the lead's call path takes it). */
export function clientFactoryFor(config: Config): GeminiClientFactory {
  let factory = factories.get(config);
  if (!factory) {
    factory = createGeminiClientFactory({ baseUrl: config.GEMINI_BASE_URL, vertex: config.vertex });
    factories.set(config, factory);
  }
  return factory;
}
