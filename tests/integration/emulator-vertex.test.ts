import { GoogleGenAI } from "@google/genai";
import { OAuth2Client } from "google-auth-library";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { CAPTION_SCHEMA, failureOf, imageContents, solidImage } from "./emulator-sdk-helpers";

// Vertex AI on the emulator: a service account's JWT for an access token at /token, then the publisher-model routes.
const ACCOUNT = "loupe-runner@loupe-vertex.iam.gserviceaccount.com";
const QUOTA = { rpm: 1000, tpm: 10_000_000, rpd: 100_000 };
const SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const UNAUTHENTICATED = /^Request had invalid authentication credentials\. Expected OAuth 2 access token, login cookie or other valid authentication credential\. /;
const RESOURCE_EXHAUSTED = "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.";

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signJwt(privateKey: KeyObject, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url({ iss: ACCOUNT, scope: SCOPE, aud: "https://oauth2.googleapis.com/token", iat: now, exp: now + 3600, ...claims })}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
}

describe("emulator Vertex AI routes", () => {
  let emulator: GeminiEmulator;
  let image: Buffer;
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicPem = keys.publicKey.export({ type: "spki", format: "pem" }) as string;

  const requestToken = (assertion: string, grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer") =>
    fetch(`${emulator.url}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: grantType, assertion }) });
  const accessToken = async () => ((await (await requestToken(signJwt(keys.privateKey))).json()) as { access_token: string }).access_token;
  /** The real SDK in Vertex mode, its OAuth client holding a token the emulator issued. */
  const vertexSdk = (token: string, location = "us-central1") => {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
    return new GoogleGenAI({ vertexai: true, project: "loupe-vertex", location, httpOptions: { baseUrl: emulator.url }, googleAuthOptions: { authClient } });
  };
  const generate = (sdk: GoogleGenAI, model = "gemini-2.5-flash", config = {}) =>
    sdk.models.generateContent({ model, contents: imageContents(image), config: { responseMimeType: "application/json", responseSchema: CAPTION_SCHEMA, ...config } });
  const post = (path: string, headers: Record<string, string> = {}) => fetch(`${emulator.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ contents: imageContents(image) }) });

  beforeAll(async () => {
    emulator = await startGeminiEmulator({
      projects: { "loupe-vertex/us-central1": QUOTA, "loupe-vertex/europe-west4": { ...QUOTA, rpm: 1 } },
      keys: {},
      vertex: { serviceAccounts: { [ACCOUNT]: publicPem } },
    });
    image = await solidImage(960, 540, 5);
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ faults: undefined, vertex: { serviceAccounts: { [ACCOUNT]: publicPem } } });
  });

  it("issues an access token for a JWT signed by a known service account", async () => {
    const response = await requestToken(signJwt(keys.privateKey));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3600, token_type: "Bearer" });
  });

  it("refuses bad grants the way Google's token endpoint does", async () => {
    const refusal = async (assertion: string, grantType?: string) => {
      const response = await requestToken(assertion, grantType);
      return { status: response.status, body: await response.json() };
    };
    expect(await refusal(signJwt(stranger.privateKey))).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } });
    expect((await refusal(signJwt(keys.privateKey, { iss: "someone@else.iam.gserviceaccount.com" }))).body).toEqual({ error: "invalid_grant", error_description: "Invalid grant: account not found" });
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(signJwt(keys.privateKey, { iat: now - 7200, exp: now - 3600 }))).body.error_description).toMatch(/^Invalid JWT: Token must be a short-lived token/);
    expect((await refusal(signJwt(keys.privateKey, { aud: "https://example.com/token" }))).body.error_description).toMatch(/Failed audience check/);
    expect((await refusal("not.a-jwt")).body.error).toBe("invalid_grant");
    expect((await refusal(signJwt(keys.privateKey), "client_credentials")).body.error).toBe("unsupported_grant_type");
    // Without serviceAccounts any well-formed JWT passes.
    emulator.configure({ vertex: {} });
    expect((await refusal(signJwt(stranger.privateKey))).status).toBe(200);
  });

  it("generateContent and countTokens on Vertex through the real SDK, with the same usage arithmetic", async () => {
    const sdk = vertexSdk(await accessToken());
    const response = await generate(sdk);
    const usage = response.usageMetadata!;
    expect(JSON.parse(response.text!)).toHaveProperty("caption");
    expect(usage.promptTokensDetails).toEqual(expect.arrayContaining([{ modality: "IMAGE", tokenCount: 6 * 258 }]));
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!);
    const counted = await sdk.models.countTokens({ model: "gemini-2.5-flash", contents: imageContents(image) });
    expect(counted.totalTokens).toBe(usage.promptTokenCount);
    const stats = emulator.stats();
    expect(stats.projects["loupe-vertex/us-central1"]).toMatchObject({ accepted: 1, promptTokens: usage.promptTokenCount, thoughtsTokens: usage.thoughtsTokenCount });
    expect(stats.keys[ACCOUNT]).toMatchObject({ accepted: 1, rejected: 0 });
    expect(stats.requests).toBe(2);
  });

  it("serves /v1 and /v1beta1 paths; thinking rules hold (2.5 Pro refuses budget 0)", async () => {
    const token = await accessToken();
    const path = (version: string, model: string) => `/${version}/projects/loupe-vertex/locations/us-central1/publishers/google/models/${model}:generateContent`;
    expect((await post(path("v1", "gemini-2.5-flash"), { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await post(path("v1beta1", "gemini-2.0-flash"), { authorization: `Bearer ${token}` })).status).toBe(200);
    const refused = await failureOf(generate(vertexSdk(token), "gemini-2.5-pro", { thinkingConfig: { thinkingBudget: 0 } }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("Budget 0 is invalid. This model only works in thinking mode.");
    const unknown = await failureOf(generate(vertexSdk(token), "gemini-9-ultra"));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^Publisher Model `projects\/loupe-vertex\/locations\/us-central1\/publishers\/google\/models\/gemini-9-ultra` was not found/);
  });

  it("a missing, unknown or expired bearer is a 401 UNAUTHENTICATED", async () => {
    const path = "/v1beta1/projects/loupe-vertex/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent";
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer ya29.made-up" }, { "x-goog-api-key": "AIzaNotForVertex" }];
    for (const headers of attempts) {
      const response = await post(path, headers);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
      expect(body.error.message).toMatch(UNAUTHENTICATED);
    }
    emulator.configure({ vertex: { serviceAccounts: { [ACCOUNT]: publicPem }, tokenLifetimeSeconds: 1 } });
    const shortLived = await accessToken();
    expect((await post(path, { authorization: `Bearer ${shortLived}` })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await post(path, { authorization: `Bearer ${shortLived}` });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.details[0].reason).toBe("ACCESS_TOKEN_EXPIRED");
  });

  it("a project/location the emulator does not have is a 403", async () => {
    const denied = await failureOf(generate(vertexSdk(await accessToken(), "asia-east1")));
    expect(denied.status).toBe(403);
    expect(denied.body.error.status).toBe("PERMISSION_DENIED");
    expect(denied.body.error.message).toMatch(/^Permission 'aiplatform\.endpoints\.predict' denied on resource/);
  });

  it("quota is per project/location, and every 429 is Vertex's one body", async () => {
    const europe = vertexSdk(await accessToken(), "europe-west4");
    await generate(europe);
    expect(await failureOf(generate(europe))).toEqual({ status: 429, body: { error: { code: 429, message: RESOURCE_EXHAUSTED, status: "RESOURCE_EXHAUSTED" } } });
    await expect(generate(vertexSdk(await accessToken()))).resolves.toBeTruthy(); // us-central1 has its own quota
    const stats = emulator.stats().projects;
    expect(stats["loupe-vertex/europe-west4"]).toMatchObject({ accepted: 1, rejected: { "429": 1 } });
    expect(stats["loupe-vertex/us-central1"].accepted).toBe(1);
  });

  it("faults by project/location and by request, answered in Vertex's words", async () => {
    emulator.configure({ faults: { projects: { "loupe-vertex/us-central1": "429-day" } } });
    const sdk = vertexSdk(await accessToken());
    expect((await failureOf(generate(sdk))).body.error.message).toBe(RESOURCE_EXHAUSTED);
    emulator.configure({ faults: { projects: { "loupe-vertex/us-central1": "503" } } });
    expect((await failureOf(generate(sdk))).body.error).toEqual({ code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" });
    emulator.configure({ faults: { keys: { [ACCOUNT]: "key-invalid" } } });
    expect((await failureOf(generate(sdk))).status).toBe(401);
    emulator.configure({ faults: undefined });
    const odd = await sdk.models.generateContent({ model: "gemini-2.5-flash", contents: imageContents(image), config: { httpOptions: { headers: { "x-emulate": "max-tokens-no-parts" } } } });
    expect(odd.candidates![0]).toMatchObject({ content: { role: "model" }, finishReason: "MAX_TOKENS" });
    expect(emulator.stats().projects["loupe-vertex/us-central1"].accepted).toBe(1);
  });
});
