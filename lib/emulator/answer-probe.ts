import type http from "node:http";
import { configuredBehaviour, parseBehaviour } from "./behaviour";
import { errorFamily, KEY_FAULTS, type FaultContext } from "./error-bodies";
import type { EmulatorState } from "./emulator-state";
import type { GoogleAnswer } from "./google-response";
import { findModel, knownModelIds, modelResource } from "./known-models";

// What x-emulate may ask of a probe besides the key faults: the service failing, or the model missing.
const PROBE_FAULTS = new Set(["500", "503", "503-high-demand", "504", "model-not-found"]);

/**
 * models.get (`model` set) and models.list (`model` null): the cheap call a client makes to check a key. The key's own
 * faults answer here too; it uses no quota and is not a generate request (stats count it under `probes`).
 */
export function answerProbe(state: EmulatorState, request: http.IncomingMessage, call: { caller: string; project: string; model: string | null; apiVersion: string }): GoogleAnswer {
  const header = request.headers["x-emulate"];
  const requested = typeof header === "string" && header ? parseBehaviour(header, "request") : null;
  const configured = configuredBehaviour(state.options.faults, call.caller, call.project);
  const context: FaultContext = { model: call.model ?? "", method: "get", apiVersion: call.apiVersion, project: call.project, key: call.caller, promptTokens: 0, inputTokenLimit: 0 };
  const fault = [configured, requested].find((behaviour) => behaviour && KEY_FAULTS.has(behaviour.names[0])) ?? (requested && PROBE_FAULTS.has(requested.names[0]) ? requested : null);
  if (fault) return { ...errorFamily(fault.names[0], context)!, sse: fault.sse };
  if (call.model === null) {
    const models = knownModelIds(state.options.models).map((id) => modelResource(findModel(id, state.options.models)!));
    return { status: 200, body: { models } };
  }
  const model = findModel(call.model, state.options.models);
  if (!model) return errorFamily("model-not-found", context)!;
  return { status: 200, body: modelResource(model) };
}
