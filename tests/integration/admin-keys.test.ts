import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getKeyPoolStatus } from "../../lib/admin/get-key-pool-status";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { geminiAvailable } from "../../lib/gemini/gemini-available";
import type { PrismaClient } from "../../lib/db/generated/client";
import { LoupeError } from "../../lib/errors";
import { decryptSecret, encryptSecret } from "../../lib/gemini/key-crypto";
import { keyId } from "../../lib/gemini/key-identity";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { addGeminiKey, loadAdminKeys, removeGeminiKey, setKeyDisabled } from "../../lib/gemini/manage-keys";
import { createTestDatabase } from "../helpers/test-database";

const SECRET = "admin-keys-test-secret-0123456789abcdef";
const ENV_KEY = "AIzaEnvironmentKey000000000000000000001";
const ADMIN_KEY = "AIzaAddedByAnAdmin000000000000000000002";
const LIMITS = { rpm: 100, tpm: 1_000_000, rpd: 10_000 };

describe("Gemini keys managed by admins", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let pool: KeyPool;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    pool = await createKeyPool(database.url, { keys: [{ key: ENV_KEY, project: "env" }], limits: LIMITS, extraKeys: () => loadAdminKeys(db, SECRET) });
  });
  afterAll(async () => {
    await pool?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it("seals keys with AES-GCM under AUTH_SECRET: another secret cannot open them, and a tampered value is refused", () => {
    const sealed = encryptSecret(SECRET, ADMIN_KEY);
    expect(sealed).not.toContain(ADMIN_KEY);
    expect(decryptSecret(SECRET, sealed)).toBe(ADMIN_KEY);
    expect(encryptSecret(SECRET, ADMIN_KEY)).not.toBe(sealed); // fresh IV each time
    expect(() => decryptSecret("another-secret-0123456789abcdef-xyz", sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split(".");
    expect(() => decryptSecret(SECRET, [v, iv, tag, body.slice(0, -2) + (body.endsWith("A") ? "B" : "A")].join("."))).toThrow();
  });

  it("an added key is stored encrypted, joins the pool of a running process, can be disabled and removed", async () => {
    const noEnvKeys = loadConfig({});
    expect(await geminiAvailable(db, noEnvKeys)).toBe(false);
    const added = await addGeminiKey(db, SECRET, { key: ADMIN_KEY, project: "shop-b" }, LIMITS);
    expect(await geminiAvailable(db, noEnvKeys)).toBe(true); // batches use Gemini with UI-added keys alone
    expect(added).toMatchObject({ id: keyId(ADMIN_KEY), projectId: "shop-b", source: "admin", maskedKey: "AIza…0002" });
    const row = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(k)::text AS row FROM gemini_keys k WHERE id = ${added.id}`;
    expect(row[0].row).not.toContain(ADMIN_KEY);
    await expect(addGeminiKey(db, SECRET, { key: ADMIN_KEY }, LIMITS)).rejects.toMatchObject({ status: 409, code: "key_exists" });

    // The pool re-reads added keys every few seconds: both projects get used.
    await new Promise((r) => setTimeout(r, 5100));
    const used = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const lease = await pool.acquire(100);
      used.add(lease.project);
      await pool.report(lease, { kind: "success", latencyMs: 5, tokens: 100 });
    }
    expect(used).toEqual(new Set(["env", "shop-b"]));

    await setKeyDisabled(db, added.id, true);
    expect(await geminiAvailable(db, noEnvKeys)).toBe(false);
    for (let i = 0; i < 4; i++) {
      const lease = await pool.acquire(100);
      expect(lease.project).toBe("env");
      await pool.report(lease, { kind: "success", latencyMs: 5, tokens: 100 });
    }
    const status = await getKeyPoolStatus(db);
    expect(status.keys.find((k) => k.id === added.id)).toMatchObject({ state: "disabled", stateReason: "Disabled by an admin", source: "admin" });

    const fromEnv = await removeGeminiKey(db, keyId(ENV_KEY)).catch((e: LoupeError) => e);
    expect([(fromEnv as LoupeError).status, (fromEnv as LoupeError).code]).toEqual([409, "key_from_environment"]);
    expect(await removeGeminiKey(db, added.id)).toEqual({ removed: true, maskedKey: "AIza…0002" });
    expect(await db.geminiKey.count({ where: { id: added.id } })).toBe(0);
  });

  it("a key sealed under an old AUTH_SECRET is marked invalid with the reason, not used", async () => {
    const other = await addGeminiKey(db, "an-older-secret-0123456789abcdef-xyz", { key: "AIzaSealedWithAnotherSecret0000000003" }, LIMITS);
    expect(await loadAdminKeys(db, SECRET)).toEqual([]);
    const status = await getKeyPoolStatus(db);
    expect(status.keys.find((k) => k.id === other.id)).toMatchObject({ state: "invalid", stateReason: expect.stringContaining("AUTH_SECRET changed") });
  });
});
