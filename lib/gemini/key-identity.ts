import { createHash } from "node:crypto";

/** A stable id that reveals nothing about the key, and the masked form people see. The key itself is never stored or logged. */
export const keyId = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 16);
export const maskKey = (key: string) => (key.length <= 10 ? "…" + key.slice(-2) : `${key.slice(0, 4)}…${key.slice(-4)}`);
