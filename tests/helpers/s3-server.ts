import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The settings every S3 client of a test needs against s3rver (real S3, R2 and MinIO need none of the workarounds):
 * s3rver stores an aws-chunked body with its trailer verbatim, so the SDK computes checksums only when an API requires
 * them; s3rver accepts only its own credentials.
 */
export const S3RVER_ENV = {
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  AWS_REGION: "us-east-1",
  AWS_REQUEST_CHECKSUM_CALCULATION: "when_required",
  AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required",
};

export interface S3TestServer {
  endpoint: string;
  directory: string;
  process: ChildProcess;
  /** What a Loupe process needs in its environment to keep its files in `bucket` under `prefix`. */
  env(bucket: string, prefix?: string): Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port with the given buckets, and sets this process's AWS settings for it. */
export async function startS3Server(buckets: string[] = ["loupe"]): Promise<S3TestServer> {
  Object.assign(process.env, S3RVER_ENV);
  const directory = mkdtempSync(path.join(os.tmpdir(), "loupe-s3-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", path.join(import.meta.dirname, "s3rver-process.mjs"), directory, buckets.join(",")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited early (${code}): ${output}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    process: child,
    env: (bucket, prefix = "") => ({ ...S3RVER_ENV, STORAGE_URL: `s3://${bucket}${prefix ? `/${prefix}` : ""}`, S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: "on" }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
