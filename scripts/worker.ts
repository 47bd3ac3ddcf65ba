// `npm run worker`: a dedicated job worker process on DATABASE_URL (start the app with WORKER=off to use only these).
import { loadConfig } from "../lib/config";
import { startProcessWorker } from "../lib/worker/start-process-worker";

const config = loadConfig();
if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL must point at Loupe's database for a dedicated worker (the embedded database belongs to `npm start`).");
  process.exit(78);
}
const worker = await startProcessWorker();
console.log(`Worker ${worker.id} running (${worker.jobs.adapter}, concurrency ${config.WORKER_CONCURRENCY}).`);
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
