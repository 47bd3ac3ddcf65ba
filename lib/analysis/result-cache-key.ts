import { createHash } from "node:crypto";
import type { Config } from "../config";

/**
 * The result cache's key: the same bytes, template version, model and preprocessing never cost a second call, whichever
 * engine (interactive or Batch API) made the first. The version fixes thinking, media resolution and output room
 * (editing any of them makes a new version), so its id stands for them.
 */
export function resultCacheKey(config: Pick<Config, "IMAGE_MAX_SIDE" | "IMAGE_FORMAT">, sha256: string, versionId: string, model: string): string {
  return createHash("sha256").update(JSON.stringify([sha256, versionId, model, config.IMAGE_MAX_SIDE, config.IMAGE_FORMAT])).digest("hex");
}
