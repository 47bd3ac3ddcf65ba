// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database when it is unset.
import { loadConfig } from "../lib/config";
import { withDatabase } from "./lib/database";
import { migrateDatabase } from "../lib/db/migrate";

const config = loadConfig();
await withDatabase(config, async (url) => {
  const applied = await migrateDatabase(url);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database schema is current.");
});
