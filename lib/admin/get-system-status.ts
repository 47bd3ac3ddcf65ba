import type { PrismaClient } from "../db/generated/client";
import { compareMigrations, readMigrations } from "../db/migrate";
import { version } from "../version";
import { uploadsStorage, type StorageConfig } from "../storage";
import { getKeyPoolStatus } from "./get-key-pool-status";

const startedAt = Date.now();
let storageCache: { at: number; bytes: number; files: number } | undefined;

/** What storage holds (local disk or the bucket), walked or listed at most once a minute (a large store takes a while). */
async function storageUsed(config: StorageConfig) {
  if (storageCache && Date.now() - storageCache.at < 60_000) return storageCache;
  storageCache = { at: Date.now(), ...(await uploadsStorage(config).usage()) };
  return storageCache;
}

async function readJobQueues(db: PrismaClient, adapter: string) {
  if (adapter !== "pg-boss") return { queues: [], oldestQueuedSeconds: null };
  try {
    const rows = await db.$queryRaw<{ name: string; state: string; n: number; oldest: number | null }[]>`
      SELECT name, state::text, count(*)::int AS n,
             extract(epoch FROM (now() - min(created_on)) FILTER (WHERE state = 'created'))::float AS oldest
      FROM pgboss.job GROUP BY name, state ORDER BY name, state`;
    const queues = new Map<string, Record<string, number>>();
    for (const row of rows) queues.set(row.name, { ...queues.get(row.name), [row.state]: row.n });
    const oldest = rows.map((row) => row.oldest).filter((v): v is number => v !== null);
    return { queues: [...queues].map(([name, states]) => ({ name, states })), oldestQueuedSeconds: oldest.length ? Math.round(Math.max(...oldest)) : null };
  } catch {
    return { queues: [], oldestQueuedSeconds: null }; // pg-boss has not created its schema yet
  }
}

/** Everything /admin/status shows, from counters, small aggregates and catalog views: cheap at any number of images. */
export async function getSystemStatus(db: PrismaClient, options: StorageConfig & { jobAdapter: string }) {
  const [database, migrations, jobs, workers, images, throughput, errors, keyPool, storage] = await Promise.all([
    db.$queryRaw<{ version: string; size: bigint; connections: number }[]>`
      SELECT current_setting('server_version') AS version, pg_database_size(current_database()) AS size,
             (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS connections`,
    db.$queryRaw<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null; checksum: string }[]>`
      SELECT migration_name, finished_at, rolled_back_at, checksum FROM _prisma_migrations`,
    readJobQueues(db, options.jobAdapter),
    db.worker.findMany({ where: { heartbeatAt: { gt: new Date(Date.now() - 60_000) } }, orderBy: { startedAt: "asc" } }),
    db.$queryRaw<{ queued: number; processing: number }[]>`
      SELECT coalesce(sum(queued_count), 0)::int AS queued, coalesce(sum(processing_count), 0)::int AS processing FROM batches WHERE kind <> 'parent'`,
    db.$queryRaw<{ m1: number; m15: number; m60: number }[]>`
      SELECT coalesce(sum(succeeded + failed) FILTER (WHERE minute >= date_trunc('minute', now()) - interval '1 minute'), 0)::int AS m1,
             coalesce(sum(succeeded + failed) FILTER (WHERE minute >= date_trunc('minute', now()) - interval '15 minutes'), 0)::int AS m15,
             coalesce(sum(succeeded + failed), 0)::int AS m60
      FROM batch_minute_stats WHERE minute >= date_trunc('minute', now()) - interval '60 minutes'`,
    db.$queryRaw<{ code: string; n: number; last_at: Date; sample: string | null }[]>`
      SELECT error_code AS code, count(*)::int AS n, max(created_at) AS last_at, (array_agg(error_message ORDER BY id DESC))[1] AS sample
      FROM image_attempts WHERE error_code IS NOT NULL AND created_at > now() - interval '1 hour'
      GROUP BY error_code ORDER BY n DESC LIMIT 20`,
    getKeyPoolStatus(db),
    storageUsed(options),
  ]);
  const migrationStatus = compareMigrations(readMigrations(), migrations);
  return {
    version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    database: { version: database[0].version, sizeBytes: Number(database[0].size), connections: database[0].connections },
    migrations: {
      applied: migrationStatus.applied.length,
      pending: migrationStatus.pending,
      failed: migrationStatus.failed,
      current: migrationStatus.pending.length === 0 && migrationStatus.failed.length === 0,
    },
    jobs: { adapter: options.jobAdapter, ...jobs, imagesQueued: images[0].queued, imagesProcessing: images[0].processing },
    workers: workers.map((w) => ({ id: w.id, hostname: w.hostname, pid: w.pid, adapter: w.adapter, concurrency: w.concurrency, startedAt: w.startedAt.toISOString(), heartbeatAt: w.heartbeatAt.toISOString() })),
    throughput: { lastMinute: throughput[0].m1, last15Minutes: throughput[0].m15, lastHour: throughput[0].m60 },
    recentErrors: errors.map((e) => ({ code: e.code, count: e.n, lastAt: e.last_at.toISOString(), sample: e.sample?.slice(0, 200) ?? null })),
    keyPool,
    storage: { bytes: storage.bytes, files: storage.files },
  };
}

export type SystemStatus = Awaited<ReturnType<typeof getSystemStatus>>;
