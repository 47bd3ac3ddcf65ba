import pg from "pg";
import { benchDatabase } from "./lib";
import { startLoupeServer } from "./server";
import { processCpu, threadCpu } from "./cpu";
const SECONDS = Number(process.env.PROBE_SECONDS ?? 60);
const database = await benchDatabase({ statements: true });
const server = await startLoupeServer("idle-probe", { DATABASE_URL: database.url, FETCH_ALLOWLIST: "127.0.0.1", GEMINI_BASE_URL: "http://127.0.0.1:9", GEMINI_RPM: "100", GEMINI_API_KEYS: "p:AIzaBenchE2e1xxxxxxxxxxxxxxxxxxxxxxxx", WORKER_CONCURRENCY: "320", ...JSON.parse(process.env.PROBE_ENV ?? "{}") });
try {
  await new Promise((r) => setTimeout(r, 15_000));
  const c = new pg.Client({ connectionString: database.url }); await c.connect();
  await c.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
  const cpu = processCpu({ server: { pid: server.pid }, postgres: { name: "postgres" } });
  const threads = threadCpu(server.pid);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const s = cpu.seconds(); const t = threads();
  console.log("cpu ms/s", Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round((v as number) * 1000 / SECONDS * 10) / 10])), "threads s", t);
  const { rows } = await c.query(`SELECT calls, round(total_exec_time::numeric,1)::float ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) q FROM pg_stat_statements WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 25`);
  for (const r of rows) console.log(String(r.calls).padStart(6), String(r.ms).padStart(8), r.q);
  await c.end();
} finally { await server.stop(); await database.stop(); }
