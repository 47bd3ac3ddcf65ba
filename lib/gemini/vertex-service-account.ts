import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** Google's token endpoint, used when a key file names none. */
export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

/** A service account's JSON key file, read and checked. The private key stays in this object: never log or return it. */
export interface ServiceAccount {
  clientEmail: string;
  privateKey: KeyObject;
  /** Google's id of this key (in the Cloud console's Keys list); a fingerprint of the public key when the file has none. */
  keyFingerprint: string;
  tokenUri: string;
}

/** What is wrong with a key file, said without any of its content (a JSON.parse message quotes the text it choked on). */
export class ServiceAccountFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceAccountFileError";
  }
}

export function readServiceAccount(file: string): ServiceAccount {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ServiceAccountFileError(`cannot be read (${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (code ?? "unreadable")})`);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountFileError(`is not a JSON key file (${file} is not valid JSON)`);
  }
  if (!json || typeof json !== "object") throw new ServiceAccountFileError(`is not a JSON key file (${file})`);
  if (json.type !== undefined && json.type !== "service_account") {
    throw new ServiceAccountFileError(`must be a service account's key file (${file} has type "${String(json.type).slice(0, 40)}")`);
  }
  const clientEmail = typeof json.client_email === "string" ? json.client_email.trim() : "";
  if (!clientEmail) throw new ServiceAccountFileError(`has no client_email (${file}): download a JSON key of the service account`);
  if (typeof json.private_key !== "string" || !json.private_key.trim()) throw new ServiceAccountFileError(`has no private_key (${file}): download a JSON key of the service account`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(json.private_key);
  } catch {
    throw new ServiceAccountFileError(`has a private_key that is not a PEM private key (${file})`);
  }
  if (privateKey.asymmetricKeyType !== "rsa") throw new ServiceAccountFileError(`has a private_key that is not an RSA key (${file})`);
  const tokenUri = typeof json.token_uri === "string" && json.token_uri.trim() ? json.token_uri.trim() : GOOGLE_TOKEN_URI;
  if (!/^https?:\/\//.test(tokenUri)) throw new ServiceAccountFileError(`has a token_uri that is not an http(s) URL (${file})`);
  const keyFingerprint =
    typeof json.private_key_id === "string" && /^[A-Za-z0-9_-]{4,100}$/.test(json.private_key_id)
      ? json.private_key_id
      : createHash("sha256").update(createPublicKey(privateKey).export({ type: "spki", format: "der" })).digest("hex").slice(0, 40);
  return { clientEmail, privateKey, keyFingerprint, tokenUri };
}

/**
 * The service account's entry in the key pool, in place of an API key: its email and its key's id, nothing secret (the
 * pool hashes it into the key id and shows it masked). A new key for the same account is a new entry, so one that was
 * refused does not stay out of rotation after the file is replaced.
 */
export const serviceAccountPoolKey = (account: Pick<ServiceAccount, "clientEmail" | "keyFingerprint">) => `${account.clientEmail}#${account.keyFingerprint}`;
