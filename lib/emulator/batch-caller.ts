import type http from "node:http";
import { configuredBehaviour, parseBehaviour } from "./behaviour";
import { errorFamily, KEY_FAULTS, type ErrorAnswer, type FaultContext } from "./error-bodies";
import type { EmulatorState } from "./emulator-state";

/** Who calls the Batch or Files API: an API key and its project. */
export interface Caller {
  key: string;
  project: string;
}

/**
 * The caller of a Batch / Files API route, authorised as generateContent is (x-goog-api-key or ?key=), or the answer
 * refusing it: an unknown key (E8), or a fault of the key itself (configured, or asked for by x-emulate) which answers
 * every route the key touches.
 */
export function callerOf(state: EmulatorState, request: http.IncomingMessage, url: URL): Caller | { refused: ErrorAnswer } {
  const key = (request.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key") ?? "";
  const project = state.options.keys[key];
  const context: FaultContext = { model: "", method: "", apiVersion: "v1beta", project: project ?? "", key: key || "(none)", promptTokens: 0, inputTokenLimit: 0 };
  if (!project || state.options.invalidKeys?.includes(key)) return { refused: errorFamily("key-invalid", context)! };
  const header = request.headers["x-emulate"];
  const asked = typeof header === "string" && header ? parseBehaviour(header, "request") : null;
  const fault = [configuredBehaviour(state.options.faults, key, project), asked].find((behaviour) => behaviour && KEY_FAULTS.has(behaviour.names[0]));
  if (fault) return { refused: errorFamily(fault.names[0], context)! };
  return { key, project };
}
