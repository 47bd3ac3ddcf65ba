import { LoupeError } from "../errors";
import type { Principal } from "./roles";

/** Token management needs a person at a browser: a leaked token must not be able to mint or list others. */
export function requireSession(principal: Principal) {
  if (principal.via !== "session") throw new LoupeError(403, "session_required", "Manage API tokens from the Loupe web app, signed in; an API token cannot do this.");
}
