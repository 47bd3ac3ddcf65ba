import { generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyGeminiError } from "../../lib/gemini/classify-error";
import { createVertexAccessTokens, VertexAuthError } from "../../lib/gemini/vertex-access-token";
import { readServiceAccount, type ServiceAccount } from "../../lib/gemini/vertex-service-account";

/** A loopback token endpoint that checks the JWT-bearer grant as Google does, and answers what each test asks. */
interface Exchange {
  contentType: string | undefined;
  grantType: string | null;
  claims: Record<string, unknown>;
  signatureValid: boolean;
}

describe("Vertex access tokens from a service account", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "loupe-vertex-token-"));
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const exchanges: Exchange[] = [];
  let answer: (exchange: Exchange) => { status: number; body: string; delayMs?: number };
  let server: http.Server;
  let tokenUri: string;
  let account: ServiceAccount;
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const form = new URLSearchParams(body);
        const [header, claims, signature] = (form.get("assertion") ?? "..").split(".");
        const exchange: Exchange = {
          contentType: request.headers["content-type"],
          grantType: form.get("grant_type"),
          claims: claims ? JSON.parse(Buffer.from(claims, "base64url").toString()) : {},
          signatureValid: Boolean(signature) && verify("sha256", Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, "base64url")),
        };
        exchanges.push(exchange);
        const { status, body: reply, delayMs } = answer(exchange);
        setTimeout(() => response.writeHead(status, { "content-type": "application/json" }).end(reply), delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    tokenUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    const file = path.join(dir, "sa.json");
    writeFileSync(file, JSON.stringify({ type: "service_account", client_email: "loupe@my-proj.iam.gserviceaccount.com", private_key: privateKey.export({ type: "pkcs8", format: "pem" }), token_uri: tokenUri }));
    account = readServiceAccount(file);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    exchanges.length = 0;
    let issued = 0;
    answer = () => ({ status: 200, body: JSON.stringify({ access_token: `token-${++issued}`, expires_in: 3600, token_type: "Bearer" }) });
  });

  it("exchanges a signed JWT at the key file's token_uri, once for many callers, and reuses the token", async () => {
    const tokens = createVertexAccessTokens(account, { now });
    const first = await Promise.all(Array.from({ length: 20 }, () => tokens.get()));
    clock += 50 * 60_000;
    const later = await tokens.get();
    expect(new Set([...first, later])).toEqual(new Set(["token-1"]));
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ contentType: "application/x-www-form-urlencoded", grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer", signatureValid: true });
    expect(exchanges[0].claims).toMatchObject({ iss: "loupe@my-proj.iam.gserviceaccount.com", aud: tokenUri, scope: "https://www.googleapis.com/auth/cloud-platform" });
  });

  it("renews in the background in the last five minutes, and waits for a new token once the old one is nearly gone", async () => {
    const tokens = createVertexAccessTokens(account, { now });
    expect(await tokens.get()).toBe("token-1");
    clock += 56 * 60_000; // 4 minutes left: still handed out while the renewal runs
    expect(await tokens.get()).toBe("token-1");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await tokens.get()).toBe("token-2");
    expect(exchanges).toHaveLength(2);

    clock += 59 * 60_000 + 45_000; // 15 s left of token-2: too little to send, so the caller waits for token-3
    expect(await tokens.get()).toBe("token-3");
  });

  it("a refused token is exchanged again, once, however many calls report it", async () => {
    const tokens = createVertexAccessTokens(account, { now });
    const refused = await tokens.get();
    tokens.invalidate(refused);
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    tokens.invalidate(refused); // a late report of the old token does not throw away the new one
    expect([a, b, await tokens.get()]).toEqual(["token-2", "token-2", "token-2"]);
    expect(exchanges).toHaveLength(2);
  });

  it("a refused service account is a readable invalid-key error, and the next call asks again", async () => {
    answer = () => ({ status: 400, body: JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." }) });
    const tokens = createVertexAccessTokens(account, { now });
    const error = await tokens.get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VertexAuthError);
    expect((error as Error).message).toBe("Vertex AI refused the service account: Invalid JWT Signature. (invalid_grant)");
    const classified = classifyGeminiError(error);
    expect(classified.outcome.kind).toBe("invalid");
    expect(classified.error.code).toBe("invalid_key");
    expect(classified.outcome.kind === "invalid" && classified.outcome.reason).toMatch(/Vertex AI refused the service account: Invalid JWT Signature/);

    answer = () => ({ status: 200, body: JSON.stringify({ access_token: "after", expires_in: 3600 }) });
    expect(await tokens.get()).toBe("after");
  });

  it("an unavailable or unreachable token endpoint is a transient error, not a refused account", async () => {
    answer = () => ({ status: 503, body: JSON.stringify({ error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } }) });
    const unavailable = await createVertexAccessTokens(account, { now }).get().catch((caught: unknown) => caught);
    expect((unavailable as VertexAuthError).status).toBe(503);
    expect(classifyGeminiError(unavailable).outcome.kind).toBe("transient");

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await createVertexAccessTokens({ ...account, tokenUri: `http://127.0.0.1:${port}/token` }, { now }).get().catch((caught: unknown) => caught);
    expect((unreachable as Error).message).toMatch(/Could not reach Vertex AI's token endpoint \(127\.0\.0\.1:\d+\)/);
    expect(classifyGeminiError(unreachable).outcome.kind).toBe("transient");
  });

  it("an answer without a token is an error, not an empty bearer header", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ token_type: "Bearer" }) });
    await expect(createVertexAccessTokens(account, { now }).get()).rejects.toThrow(/answered without an access token/);
  });
});
