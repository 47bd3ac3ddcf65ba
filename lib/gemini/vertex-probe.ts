import type { Config } from "../config";
import { classifyGeminiError } from "./classify-error";
import { clientFactoryFor } from "./create-client";
import { keyId } from "./key-identity";
import type { LeaseOutcome } from "./key-pool";

const PROBE_TIMEOUT_MS = 10_000;
type Probe = (apiKey: string) => Promise<LeaseOutcome>;

/**
 * The key pool's probe in Vertex mode: the service account answers a countTokens call, which takes a token exchange and
 * Vertex's own check of the token and of the account's right to call models in the project and region, and costs no
 * generateContent quota (models.get, the API-key probe, is another API on Vertex, with other permissions). Any other key,
 * one an admin added, is a Gemini API key and is probed by `otherwise`. Without Vertex this is `otherwise`.
 */
export function withVertexProbe(config: Config, otherwise: Probe): Probe {
  const vertex = config.vertex;
  if (!vertex) return otherwise;
  const clients = clientFactoryFor(config);
  return async (apiKey) => {
    if (apiKey !== vertex.poolKey) return otherwise(apiKey);
    const started = Date.now();
    try {
      await clients({ keyId: keyId(apiKey), apiKey }).models.countTokens({
        model: config.GEMINI_MODEL,
        contents: [{ role: "user", parts: [{ text: "Loupe checks that this service account may call Vertex AI." }] }],
        config: { abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) },
      });
      return { kind: "success", latencyMs: Date.now() - started, tokens: 0 };
    } catch (error) {
      const classified = classifyGeminiError(error);
      // The account answered; only the model is wrong (the batch will say so when it runs).
      if (classified.error.code === "model_not_found") return { kind: "success", latencyMs: Date.now() - started, tokens: 0 };
      return classified.outcome;
    }
  };
}
