import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";

/**
 * Whether Gemini can be called: keys in the environment (in Vertex mode, the service account, which loadConfig has checked
 * is there), or usable keys an admin added in the UI.
 */
export async function geminiAvailable(db: PrismaClient, config: Config): Promise<boolean> {
  if (config.geminiKeys.length > 0 || config.vertex) return true;
  return (await db.geminiKey.count({ where: { source: "admin", state: { notIn: ["invalid", "disabled"] } } })) > 0;
}
