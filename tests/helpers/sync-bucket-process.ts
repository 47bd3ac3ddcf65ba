// A process for the kill -9 test of a bucket sync: syncs BATCH_ID (lib/ingest/sync-bucket-batch.ts) with the storage
// settings in its environment, prints "ready" first and "synced <json>" once the sync has committed.
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { syncBucketBatch } from "../../lib/ingest/sync-bucket-batch";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";

const config = loadConfig();
const db = createPrismaClient(config.DATABASE_URL!, 4);
const jobs = await createPgBossEngine({ databaseUrl: config.DATABASE_URL! });
console.log("ready");
const result = await syncBucketBatch(db, config, jobs, process.env.BATCH_ID!, 8);
console.log(`synced ${JSON.stringify(result)}`);
await jobs.stop();
await db.$disconnect();
