import { spawn, type ChildProcess } from "node:child_process";

/** A worker process running `script` (tsx) with `env`, resolved once it prints "ready". */
export function startWorkerProcess(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", (code, signal) => reject(new Error(`worker process exited early (${code ?? signal})`)));
  });
}

/** How a child process ended (its signal or exit code), once it has. */
export const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.signalCode ?? child.exitCode) : child.once("exit", (code, signal) => resolve(signal ?? code))));
