// Runs once when the Next server starts: the job worker lives inside the app process unless WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("./lib/config");
  if (!config().WORKER) return;
  const { startProcessWorker } = await import("./lib/worker/start-process-worker");
  // Not awaited: the server answers (health, pages) while the worker connects.
  startProcessWorker().catch((error) => console.error("The job worker did not start:", error instanceof Error ? error.message : error));
}
