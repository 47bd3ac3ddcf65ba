import path from "node:path";
import type { Config } from "../../lib/config";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded-postgres";

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR/pg. */
export async function openDatabase(config: Config): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, "pg") });
  return { url: embedded.url, embedded };
}

export async function withDatabase(config: Config, work: (url: string) => Promise<void>) {
  const { url, embedded } = await openDatabase(config);
  try {
    await work(url);
  } finally {
    await embedded?.stop();
  }
}
