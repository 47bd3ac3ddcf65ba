import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { AnalysisError } from "../../lib/errors";
import { classifyGeminiError } from "../../lib/gemini/classify-error";
import { clientFactoryFor } from "../../lib/gemini/create-client";
import { generateWithRetries } from "../../lib/gemini/generate-with-retries";
import { keyId } from "../../lib/gemini/key-identity";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { imageTokensFor } from "../../lib/gemini/image-tokens";
import { modelInfo, type GeminiCallSettings } from "../../lib/gemini/models";
import { generationConfigFor } from "../../lib/gemini/request";
import { withVertexProbe } from "../../lib/gemini/vertex-probe";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { compileTemplate } from "../../lib/templates/compile-template";
import { createTestDatabase } from "../helpers/test-database";

const PROJECT = "loupe-vertex-test";
const LOCATION = "europe-west4";
const QUOTA = `${PROJECT}/${LOCATION}`;
const EMAIL = "loupe-runner@loupe-vertex-test.iam.gserviceaccount.com";
const WINDOW_MS = 2000;
const RPM = 4;
const LIMITS = { rpm: RPM, tpm: 1_000_000, rpd: 100_000 };
const SETTINGS: GeminiCallSettings = { model: "gemini-2.5-flash", thinking: "low", mediaResolution: "low", maxOutputTokens: null };
const template = compileTemplate(BUILT_IN_TEMPLATES[0]);

const pem = (key: { export(options: { type: "pkcs8" | "spki"; format: "pem" }): string | Buffer }, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();
const accountKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const strangerKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_PEM = pem(accountKeys.privateKey, "pkcs8");
const SECRET_LINE = PRIVATE_PEM.split("\n")[5]; // a line of the key's base64: enough to recognise it anywhere

async function image(seed: number) {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: seed % 255, g: (seed * 7) % 255, b: 90 } } }).png().toBuffer();
}

/**
 * A loopback server in front of the emulator: counts token exchanges, and can answer the next API call 401 as Vertex does
 * for a token it no longer accepts. Everything else is passed through.
 */
async function startFront(target: () => string) {
  const state = { tokenExchanges: 0, refuseNextCall: false, seen: [] as string[] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      state.seen.push(`${request.method} ${request.url}`);
      if (request.url === "/token") state.tokenExchanges += 1;
      else if (state.refuseNextCall) {
        state.refuseNextCall = false;
        response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } }));
        return;
      }
      // Passed on with its Host: the emulator accepts a JWT whose audience is the token endpoint it was sent to (this one).
      const upstream = http.request(`${target()}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on("error", () => response.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("Vertex AI through a service account, against the emulator", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "loupe-vertex-"));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let front: Awaited<ReturnType<typeof startFront>>;
  let keyFile: string;
  const pools: KeyPool[] = [];

  /** A fresh configuration object, hence a fresh client factory with its own token cache. */
  const vertexConfig = (extra: Record<string, string> = {}): Config =>
    loadConfig({ GEMINI_PROVIDER: "vertex", VERTEX_PROJECT: PROJECT, VERTEX_LOCATION: LOCATION, GOOGLE_APPLICATION_CREDENTIALS: keyFile, GEMINI_BASE_URL: emulator.url, ...extra });
  const poolFor = async (config: Config) => {
    const pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: LIMITS, windowMs: WINDOW_MS });
    pools.push(pool);
    return pool;
  };
  const analyse = async (config: Config, pool: KeyPool, bytes: Buffer) =>
    generateWithRetries({
      pool,
      clients: clientFactoryFor(config),
      settings: SETTINGS,
      prompt: template.prompt,
      image: { bytes, mimeType: "image/png" },
      responseSchema: template.responseSchema,
      validate: template.validate,
      estimatedInputTokens: 300,
      timeoutMs: 5000,
      retry: { baseMs: 20, capMs: 100, maxAttempts: 3 },
    });
  const trustAccount = (publicKey: typeof accountKeys.publicKey, extra: { tokenLifetimeSeconds?: number } = {}) =>
    emulator.configure({ vertex: { serviceAccounts: { [EMAIL]: pem(publicKey, "spki") }, ...extra } });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    emulator = await startGeminiEmulator({ projects: { [QUOTA]: LIMITS }, keys: {}, windowMs: WINDOW_MS, latencyMs: { min: 5, max: 15 }, vertex: { serviceAccounts: { [EMAIL]: pem(accountKeys.publicKey, "spki") } } });
    front = await startFront(() => emulator.url);
    keyFile = path.join(dir, "service-account.json");
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: "service_account",
        project_id: PROJECT,
        private_key_id: "5e1f0c1d2a3b4c5d6e7f8091a2b3c4d5e6f70819",
        private_key: PRIVATE_PEM,
        client_email: EMAIL,
        client_id: "100000000000000000001",
        auth_uri: "https://accounts.google.com/o/oauth2/auth",
        token_uri: `${front.url}/token`,
      }),
    );
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await front?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    emulator.reset();
    trustAccount(accountKeys.publicKey);
    Object.assign(front.state, { tokenExchanges: 0, refuseNextCall: false, seen: [] });
    await db.$executeRaw`UPDATE gemini_projects SET cooldown_until = NULL, exhausted_until = NULL`;
    await db.$executeRaw`UPDATE gemini_keys SET state = 'active', state_reason = NULL, cooldown_until = NULL, exhausted_until = NULL`;
    await db.$executeRaw`DELETE FROM gemini_requests`;
  });

  it("a call through the client factory goes to Vertex's path with the template's request, and is counted under project/region", async () => {
    const config = vertexConfig();
    const [entry] = config.geminiKeys;
    expect(entry.project).toBe(QUOTA);
    const client = clientFactoryFor(config)({ keyId: keyId(entry.key), apiKey: entry.key });
    expect(clientFactoryFor(config)({ keyId: keyId(entry.key), apiKey: entry.key })).toBe(client);

    const front2 = await startFront(() => emulator.url); // to see the path the SDK builds
    try {
      const seen = clientFactoryFor(vertexConfig({ GEMINI_BASE_URL: front2.url }))({ keyId: keyId(entry.key), apiKey: entry.key });
      await seen.models.generateContent({ model: SETTINGS.model, contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: (await image(1)).toString("base64") } }, { text: template.prompt }] }], config: generationConfigFor(SETTINGS, template.responseSchema) });
      expect(front2.state.seen).toEqual([`POST /v1beta1/projects/${PROJECT}/locations/${LOCATION}/publishers/google/models/${SETTINGS.model}:generateContent`]);
    } finally {
      await front2.close();
    }

    const response = await client.models.generateContent({
      model: SETTINGS.model,
      contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: (await image(2)).toString("base64") } }, { text: template.prompt }] }],
      config: generationConfigFor(SETTINGS, template.responseSchema),
    });
    expect(template.validate(JSON.parse(response.text ?? "")).ok).toBe(true);
    // The template's settings reached Vertex: the image at low media resolution, thinking within the low budget.
    const imageTokens = response.usageMetadata?.promptTokensDetails?.find((detail) => detail.modality === "IMAGE")?.tokenCount;
    expect(imageTokens).toBe(imageTokensFor(64, 48, modelInfo(SETTINGS.model), "low"));
    expect(imageTokens).toBeLessThan(imageTokensFor(64, 48, modelInfo(SETTINGS.model), "default"));
    expect(response.usageMetadata?.thoughtsTokenCount ?? 0).toBeLessThanOrEqual(1024);
    expect(emulator.stats().projects[QUOTA].accepted).toBe(2);
    expect(emulator.stats().keys[EMAIL].accepted).toBe(2);
  });

  it("images go through the key pool and generateWithRetries; the pool keeps to the project/region's quota; one token serves every call", async () => {
    const config = vertexConfig();
    const pool = await poolFor(config);
    const results = await Promise.all(Array.from({ length: 10 }, async (_, i) => analyse(config, pool, await image(10 + i))));
    for (const result of results) expect(template.validate(result.value).ok).toBe(true);
    const stats = emulator.stats().projects[QUOTA];
    expect(stats.accepted).toBe(10);
    expect(stats.maxInWindow).toBeLessThanOrEqual(RPM);
    expect(stats.rejected["429"] ?? 0).toBe(0);
    expect(front.state.tokenExchanges).toBe(1);

    const project = await db.geminiProject.findUniqueOrThrow({ where: { id: QUOTA } });
    expect(project.rpmLimit).toBe(RPM);
    const key = await db.geminiKey.findUniqueOrThrow({ where: { id: keyId(config.geminiKeys[0].key) } });
    expect(key).toMatchObject({ projectId: QUOTA, state: "active", source: "env" });
    expect(JSON.stringify(key, (_, value) => (typeof value === "bigint" ? String(value) : value))).not.toContain(SECRET_LINE);
  });

  it("a service account Vertex refuses leaves the rotation with Google's reason, and the image says why", async () => {
    trustAccount(strangerKeys.publicKey); // the emulator knows this account by another key: our JWT's signature fails
    const config = vertexConfig();
    const pool = await poolFor(config);
    const failure = await analyse(config, pool, await image(40)).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(AnalysisError);
    expect((failure as AnalysisError).code).toBe("no_keys");
    const key = await db.geminiKey.findUniqueOrThrow({ where: { id: keyId(config.geminiKeys[0].key) } });
    expect(key.state).toBe("invalid");
    expect(key.stateReason).toMatch(/Vertex AI refused the service account: Invalid JWT Signature\. \(invalid_grant\)/);
    expect(emulator.stats().projects[QUOTA]?.accepted ?? 0).toBe(0);
    for (const shown of [key.stateReason, key.maskedKey, key.id, (failure as Error).message]) expect(shown).not.toContain(SECRET_LINE);
  });

  it("the pool's probe: the service account answers a countTokens call before any image; refused, it never gets one", async () => {
    const otherProbes: string[] = [];
    const probe = (config: Config) => withVertexProbe(config, async (apiKey) => (otherProbes.push(apiKey), { kind: "success", latencyMs: 1, tokens: 0 }));
    const probingPool = async (config: Config) => {
      // Open pools flush their success reports on close, and a success marks the key as having answered: close them first.
      for (const open of pools.splice(0)) await open.close();
      await db.$executeRaw`UPDATE gemini_keys SET probed_at = NULL, probe_started_at = NULL`;
      const pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: LIMITS, windowMs: WINDOW_MS, probe: probe(config) });
      pools.push(pool);
      return pool;
    };

    const config = vertexConfig();
    const result = await analyse(config, await probingPool(config), await image(30));
    expect(template.validate(result.value).ok).toBe(true);
    expect(emulator.stats().requests).toBe(2); // the probe's countTokens, then the image
    expect(emulator.stats().projects[QUOTA].accepted).toBe(1); // countTokens uses no generate quota
    expect((await db.geminiKey.findUniqueOrThrow({ where: { id: keyId(config.geminiKeys[0].key) } })).probedAt).not.toBeNull();

    emulator.reset();
    trustAccount(strangerKeys.publicKey);
    const refused = vertexConfig();
    const failure = await analyse(refused, await probingPool(refused), await image(31)).catch((caught: unknown) => caught);
    expect((failure as AnalysisError).code).toBe("no_keys");
    expect(emulator.stats().requests).toBe(0); // the token exchange was refused: nothing reached the model
    const key = await db.geminiKey.findUniqueOrThrow({ where: { id: keyId(refused.geminiKeys[0].key) } });
    expect(key).toMatchObject({ state: "invalid", probedAt: null, stateReason: expect.stringMatching(/Vertex AI refused the service account: Invalid JWT Signature/) });

    // A key an admin added in Vertex mode is a Gemini API key: probed as one.
    await probe(config)("AIzaAdminAddedKey000000000000000001");
    expect(otherProbes).toEqual(["AIzaAdminAddedKey000000000000000001"]);
  });

  it("Vertex's own refusals: its bare 429 is a rate limit, a region the account may not use is a refused key with the reason", async () => {
    const config = vertexConfig();
    const entry = config.geminiKeys[0];
    const client = clientFactoryFor(config)({ keyId: keyId(entry.key), apiKey: entry.key });
    const request = async (seed: number) => ({
      model: SETTINGS.model,
      contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: (await image(seed)).toString("base64") } }, { text: template.prompt }] }],
      config: generationConfigFor(SETTINGS, template.responseSchema),
    });
    emulator.configure({ projects: { [QUOTA]: { ...LIMITS, rpm: 1 } } });
    try {
      await client.models.generateContent(await request(70));
      const limited = classifyGeminiError(await client.models.generateContent(await request(71)).catch((caught: unknown) => caught));
      expect(limited.outcome.kind).toBe("rate_limited");
      expect(limited.error.code).toBe("rate_limited");
    } finally {
      emulator.configure({ projects: { [QUOTA]: LIMITS } });
    }

    const elsewhere = vertexConfig({ VERTEX_LOCATION: "asia-northeast1" });
    expect(elsewhere.geminiKeys[0].project).toBe(`${PROJECT}/asia-northeast1`);
    const denied = await clientFactoryFor(elsewhere)({ keyId: keyId(entry.key), apiKey: entry.key }).models.generateContent(await request(72)).catch((caught: unknown) => caught);
    const classified = classifyGeminiError(denied);
    expect(classified.outcome).toMatchObject({ kind: "invalid", reason: expect.stringMatching(/403 PERMISSION_DENIED.*aiplatform\.endpoints\.predict/) });
  });

  it("a token Vertex stops accepting is exchanged again and the call goes through", async () => {
    const config = vertexConfig({ GEMINI_BASE_URL: front.url });
    const pool = await poolFor(config);
    await analyse(config, pool, await image(50));
    front.state.refuseNextCall = true;
    const result = await analyse(config, pool, await image(51));
    expect(template.validate(result.value).ok).toBe(true);
    expect(front.state.tokenExchanges).toBe(2);
    expect((await db.geminiKey.findUniqueOrThrow({ where: { id: keyId(config.geminiKeys[0].key) } })).state).toBe("active");
  });

  it("a token is renewed before it expires", async () => {
    trustAccount(accountKeys.publicKey, { tokenLifetimeSeconds: 2 });
    const config = vertexConfig();
    const pool = await poolFor(config);
    await analyse(config, pool, await image(60));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await analyse(config, pool, await image(61));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await analyse(config, pool, await image(62));
    expect(front.state.tokenExchanges).toBe(3);
    expect(emulator.stats().projects[QUOTA].accepted).toBe(3);
  });
});
