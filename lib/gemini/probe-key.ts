import { classifyGeminiError } from "./classify-error";
import type { GeminiClientFactory } from "./create-client";
import { keyId, maskKey } from "./key-identity";
import type { LeaseOutcome } from "./key-pool";

const PROBE_TIMEOUT_MS = 10_000;

/**
 * The probe a key answers before it gets traffic: models.get of the model new batches use. It costs no generate quota,
 * and a refused key (invalid, leaked, denied, API disabled) answers it exactly as it would a call.
 */
export function createKeyProber(clients: GeminiClientFactory, model: string) {
  return async (apiKey: string): Promise<LeaseOutcome> => {
    const started = Date.now();
    const lease = { requestId: "probe", keyId: keyId(apiKey), maskedKey: maskKey(apiKey), project: "", apiKey };
    try {
      await clients(lease).models.get({ model, config: { abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) } });
      return { kind: "success", latencyMs: Date.now() - started, tokens: 0 };
    } catch (error) {
      const classified = classifyGeminiError(error);
      // The key answered; only the model is wrong (the batch will say so when it runs).
      if (classified.error.code === "model_not_found") return { kind: "success", latencyMs: Date.now() - started, tokens: 0 };
      return classified.outcome;
    }
  };
}
