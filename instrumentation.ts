// Runs once when the Next server starts: the job worker lives inside the app process unless WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { endWithParent } = await import("./lib/server/end-with-parent");
  endWithParent(process.env.LOUPE_OWNED_BY_START === "1");
  const { config } = await import("./lib/config");
  const { getDb } = await import("./lib/db/client");
  const { logger } = await import("./lib/log/logger");
  const { seedBuiltInTemplates } = await import("./lib/templates/manage-templates");
  await seedBuiltInTemplates(getDb()).catch((error) => logger().error({ err: (error as Error).message }, "could not create the built-in templates"));
  // What killed requests left in DATA_DIR/tmp goes at start and every hour (each machine sweeps its own disk).
  const { sweepTempFiles } = await import("./lib/storage/sweep-temp-files");
  const sweep = () => sweepTempFiles(config().dataDir).catch((error) => logger().warn({ err: (error as Error).message }, "could not sweep DATA_DIR/tmp"));
  void sweep();
  setInterval(sweep, 60 * 60_000).unref();
  if (!config().WORKER) return;
  const { startAndHoldProcessWorker } = await import("./lib/worker/start-process-worker");
  // Not awaited: the server answers (health, pages) while the worker connects.
  startAndHoldProcessWorker().catch((error) => logger().error({ err: error instanceof Error ? error.message : String(error) }, "the job worker did not start"));
}
