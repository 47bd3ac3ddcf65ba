import { GoogleGenAI } from "@google/genai";
import { httpFetch } from "./http-fetch";
import type { Lease } from "./key-pool";

export interface GeminiClientOptions {
  /** A Gemini-compatible endpoint (the emulator); Google's when unset. */
  baseUrl?: string;
}

/** The SDK client a lease's calls go through, one per key and endpoint (each holds its own agent settings). */
export type GeminiClientFactory = (lease: Lease) => GoogleGenAI;

export function createGeminiClientFactory(options: GeminiClientOptions): GeminiClientFactory {
  const clients = new Map<string, GoogleGenAI>();
  return (lease) => {
    let client = clients.get(lease.keyId);
    if (!client) {
      client = new GoogleGenAI({ apiKey: lease.apiKey, apiVersion: "v1beta", httpOptions: { fetch: httpFetch, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) } });
      clients.set(lease.keyId, client);
    }
    return client;
  };
}
