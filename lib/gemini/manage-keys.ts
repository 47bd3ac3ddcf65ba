import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { conflict, LoupeError, notFound } from "../errors";
import { decryptSecret, encryptSecret } from "./key-crypto";
import { keyId, maskKey } from "./key-identity";
import type { PoolKey, PoolLimits } from "./key-pool";

export const addKeySchema = z.object({
  key: z.string().trim().regex(/^[A-Za-z0-9_-]{20,200}$/, { message: "must be a Gemini API key (letters, digits, - and _, 20–200 characters)" }),
  project: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, { message: "must be a short project name (letters, digits, - and _)" })
    .optional(),
});
export const updateKeySchema = z.object({ disabled: z.boolean() });

/** A key added by an admin: stored encrypted; its project groups it with keys sharing one Google Cloud quota. */
export async function addGeminiKey(db: PrismaClient, secret: string, input: z.infer<typeof addKeySchema>, limits: PoolLimits) {
  const id = keyId(input.key);
  if (await db.geminiKey.findUnique({ where: { id } })) throw conflict("key_exists", "That key is already in the pool.");
  const project = input.project || `admin-${id.slice(0, 6)}`;
  await db.geminiProject.upsert({ where: { id: project }, create: { id: project, rpmLimit: limits.rpm, tpmLimit: limits.tpm, rpdLimit: limits.rpd }, update: {} });
  return db.geminiKey.create({
    data: { id, projectId: project, maskedKey: maskKey(input.key), source: "admin", encryptedKey: encryptSecret(secret, input.key) },
    select: { id: true, projectId: true, maskedKey: true, source: true, state: true },
  });
}

/** Disable (the pool stops using it at once, in every process) or enable again. Works for environment keys too. */
export async function setKeyDisabled(db: PrismaClient, id: string, disabled: boolean) {
  const key = await db.geminiKey.findUnique({ where: { id } });
  if (!key) throw notFound("That key");
  return db.geminiKey.update({
    where: { id },
    data: disabled ? { state: "disabled", stateReason: "Disabled by an admin" } : { state: "active", stateReason: null, cooldownUntil: null },
    select: { id: true, maskedKey: true, state: true },
  });
}

/** Only admin-added keys can be removed here; environment keys are removed from the environment (or disabled here). */
export async function removeGeminiKey(db: PrismaClient, id: string) {
  const key = await db.geminiKey.findUnique({ where: { id } });
  if (!key) throw notFound("That key");
  if (key.source !== "admin") throw new LoupeError(409, "key_from_environment", "This key comes from the environment (GEMINI_API_KEYS): remove it there, or disable it here.");
  await db.geminiKey.delete({ where: { id } });
  return { removed: true, maskedKey: key.maskedKey };
}

/** Admin-added keys, decrypted for this process's pool. A key sealed under another AUTH_SECRET is skipped (and says why). */
export async function loadAdminKeys(db: PrismaClient, secret: string): Promise<PoolKey[]> {
  const rows = await db.geminiKey.findMany({ where: { source: "admin", encryptedKey: { not: null } }, select: { id: true, projectId: true, encryptedKey: true, state: true } });
  const keys: PoolKey[] = [];
  for (const row of rows) {
    try {
      keys.push({ key: decryptSecret(secret, row.encryptedKey!), project: row.projectId });
    } catch {
      if (row.state !== "invalid") {
        await db.geminiKey.update({ where: { id: row.id }, data: { state: "invalid", stateReason: "Cannot be decrypted: AUTH_SECRET changed since it was added. Remove it and add it again." } });
      }
    }
  }
  return keys;
}
