import { S3Client } from "@aws-sdk/client-s3";

/** How to reach S3 (or an S3-compatible service). Credentials come from the standard AWS chain, never from here. */
export interface S3Settings {
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
}

const clients = new Map<string, S3Client>();

/** One client per endpoint and region per process: it keeps its connections alive between calls. */
export function s3Client(settings: S3Settings): S3Client {
  const id = `${settings.endpoint ?? ""}|${settings.region}|${settings.forcePathStyle}`;
  let client = clients.get(id);
  if (!client) {
    client = new S3Client({ endpoint: settings.endpoint, region: settings.region, forcePathStyle: settings.forcePathStyle, maxAttempts: 4 });
    clients.set(id, client);
  }
  return client;
}
