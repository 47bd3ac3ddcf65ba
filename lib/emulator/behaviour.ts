import type http from "node:http";
import type { EmulatorFaults } from "./emulator-options";

/** A behaviour asked for: its names ("429-day", or "thought-parts" and "cache-hit" together) and whether it is served as SSE. */
export interface Behaviour {
  raw: string;
  names: string[];
  sse: boolean;
  /** Where it came from: the request (header or marker) or the caller's configured fault. */
  source: "request" | "configured";
}

const MARKER = /EMULATE:([a-z0-9_+-]+)/i;

/** `name+companion+sse` → a Behaviour. */
export function parseBehaviour(raw: string, source: Behaviour["source"]): Behaviour {
  const [first, ...rest] = raw.split("+").filter(Boolean);
  return { raw, names: [first ?? "", ...rest.filter((part) => part !== "sse")], sse: rest.includes("sse"), source };
}

/** The request's own behaviour: the x-emulate header, else an EMULATE:<b> marker in an image's bytes, else in the prompt. */
export function requestedBehaviour(request: Pick<http.IncomingMessage, "headers">, images: Buffer[], text: string): Behaviour | null {
  const header = request.headers["x-emulate"];
  if (typeof header === "string" && header) return parseBehaviour(header, "request");
  for (const image of images) {
    const inImage = image.toString("latin1").match(MARKER)?.[1];
    if (inImage) return parseBehaviour(inImage, "request");
  }
  const inText = text.match(MARKER)?.[1];
  return inText ? parseBehaviour(inText, "request") : null;
}

/** The fault configured for this caller (an API key or a service account), else for its project. */
export function configuredBehaviour(faults: EmulatorFaults | undefined, caller: string, project: string): Behaviour | null {
  const raw = faults?.keys?.[caller] ?? faults?.projects?.[project];
  return raw ? parseBehaviour(raw, "configured") : null;
}
