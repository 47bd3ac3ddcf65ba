import type { GoogleGenAI } from "@google/genai";
import { classifyGeminiError } from "./classify-error";
import type { LeaseOutcome } from "./key-pool";

/**
 * The key pool's probe for a service account (its `probe` option): a countTokens call, which takes a token exchange and
 * Vertex's own check of the token and the project, and costs no generateContent quota. A refused account comes back as
 * `invalid` with Google's reason, like any call's.
 */
export async function probeVertexServiceAccount(client: GoogleGenAI, model: string): Promise<LeaseOutcome> {
  const started = Date.now();
  try {
    await client.models.countTokens({ model, contents: [{ role: "user", parts: [{ text: "Loupe checks that this service account may call Vertex AI." }] }] });
    return { kind: "success", latencyMs: Date.now() - started, tokens: 0 };
  } catch (error) {
    return classifyGeminiError(error).outcome;
  }
}
