// Runs once when the Next server starts: the job worker lives inside the app process unless WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("./lib/config");
  const { getDb } = await import("./lib/db/client");
  const { seedBuiltInTemplates } = await import("./lib/templates/manage-templates");
  await seedBuiltInTemplates(getDb()).catch((error) => console.error("Could not create the built-in templates:", (error as Error).message));
  if (!config().WORKER) return;
  const { startAndHoldProcessWorker } = await import("./lib/worker/start-process-worker");
  // Not awaited: the server answers (health, pages) while the worker connects.
  startAndHoldProcessWorker().catch((error) => console.error("The job worker did not start:", error instanceof Error ? error.message : error));
}
