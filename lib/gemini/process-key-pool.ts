import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import type { Config } from "../config";
import { getDb } from "../db/client";
import { clientFactoryFor } from "./create-client";
import { createKeyPool, type KeyPool } from "./key-pool";
import { createKeyProber } from "./probe-key";
import { withVertexProbe } from "./vertex-probe";
import { loadAdminKeys } from "./manage-keys";

const holder = globalThis as unknown as { loupeKeyPool?: Promise<KeyPool> };

/** The key pool of this process (its state is in PostgreSQL, so every process's pool sees the same quotas and cooldowns). */
export function processKeyPool(config: Config, databaseUrl = process.env.DATABASE_URL ?? ""): Promise<KeyPool> {
  holder.loupeKeyPool ??= createKeyPool(databaseUrl, {
    keys: config.geminiKeys,
    limits: { rpm: config.GEMINI_RPM, tpm: config.GEMINI_TPM, rpd: config.GEMINI_RPD },
    windowMs: config.GEMINI_QUOTA_WINDOW_SECONDS * 1000,
    extraKeys: () => loadAdminKeys(getDb(), ensureAuthSecret(config)),
    probe: withVertexProbe(config, createKeyProber(clientFactoryFor(config), config.GEMINI_MODEL)),
  });
  return holder.loupeKeyPool;
}
