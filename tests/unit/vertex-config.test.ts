import { generateKeyPairSync, verify } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config";
import { keyId, maskKey } from "../../lib/gemini/key-identity";
import { signAssertion, VERTEX_SCOPE } from "../../lib/gemini/vertex-access-token";
import { readServiceAccount } from "../../lib/gemini/vertex-service-account";

const dir = mkdtempSync(path.join(os.tmpdir(), "loupe-vertex-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
// The base64 body of the key: what must never show up anywhere (a line of it is enough to recognise a leak).
const SECRET_LINE = PRIVATE_PEM.split("\n")[5];
const EMAIL = "loupe@my-proj.iam.gserviceaccount.com";

function keyFile(name: string, content: object | string) {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}
const account = (extra: object = {}) => ({ type: "service_account", project_id: "my-proj", private_key_id: "0123456789abcdef0123456789abcdef01234567", private_key: PRIVATE_PEM, client_email: EMAIL, token_uri: "http://127.0.0.1:9/token", ...extra });
const vertexEnv = (extra: Record<string, string | undefined> = {}) => ({ GEMINI_PROVIDER: "vertex", VERTEX_PROJECT: "my-proj", GOOGLE_APPLICATION_CREDENTIALS: keyFile("good.json", account()), ...extra });

function configProblems(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("Vertex AI configuration", () => {
  it("puts the service account in the pool once, its project being the Vertex project and region", () => {
    const config = loadConfig(vertexEnv({ VERTEX_LOCATION: "europe-west4", GEMINI_API_KEYS: "AIzaIgnoredInVertexMode000000000001" }));
    expect(config.vertex).toMatchObject({ project: "my-proj", location: "europe-west4", clientEmail: EMAIL, credentialsFile: path.join(dir, "good.json") });
    expect(config.geminiKeys).toEqual([{ key: `${EMAIL}#0123456789abcdef0123456789abcdef01234567`, project: "my-proj/europe-west4" }]);
  });

  it("defaults the region to us-central1", () => {
    expect(loadConfig(vertexEnv()).geminiKeys[0].project).toBe("my-proj/us-central1");
  });

  it("keeps the private key out of the configuration, the key id and the masked key", () => {
    const config = loadConfig(vertexEnv());
    const entry = config.geminiKeys[0];
    for (const shown of [JSON.stringify(config), keyId(entry.key), maskKey(entry.key)]) {
      expect(shown).not.toContain(SECRET_LINE);
      expect(shown).not.toContain("PRIVATE KEY");
    }
  });

  it("a new key for the same account is a new pool entry (a refused one does not stay refused)", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const first = loadConfig(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: keyFile("a.json", account({ private_key_id: undefined })) })).geminiKeys[0].key;
    const second = loadConfig(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: keyFile("b.json", account({ private_key_id: undefined, private_key: other })) })).geminiKeys[0].key;
    expect(first).not.toBe(second);
    expect(first.startsWith(`${EMAIL}#`)).toBe(true);
  });

  it("names VERTEX_PROJECT and GOOGLE_APPLICATION_CREDENTIALS when they are missing", () => {
    const message = configProblems({ GEMINI_PROVIDER: "vertex" });
    expect(message).toMatch(/VERTEX_PROJECT must be set when GEMINI_PROVIDER=vertex/);
    expect(message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS must be set when GEMINI_PROVIDER=vertex/);
  });

  it("names GOOGLE_APPLICATION_CREDENTIALS when the file cannot be read", () => {
    expect(configProblems(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, "missing.json") }))).toMatch(/GOOGLE_APPLICATION_CREDENTIALS cannot be read \(.*missing\.json: no such file\)/);
    if (process.getuid?.() !== 0) {
      const locked = keyFile("locked.json", account());
      chmodSync(locked, 0o000);
      expect(configProblems(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: locked }))).toMatch(/GOOGLE_APPLICATION_CREDENTIALS cannot be read \(.*permission denied\)/);
    }
    expect(configProblems(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: dir }))).toMatch(/GOOGLE_APPLICATION_CREDENTIALS cannot be read/);
  });

  it("says what the file lacks, without quoting it", () => {
    const broken = `{"private_key": ${JSON.stringify(PRIVATE_PEM)}, "client_email": "${EMAIL}",,}`;
    const cases: [object | string, RegExp][] = [
      [broken, /GOOGLE_APPLICATION_CREDENTIALS is not a JSON key file \(.* is not valid JSON\)/],
      [account({ client_email: undefined }), /GOOGLE_APPLICATION_CREDENTIALS has no client_email/],
      [account({ private_key: undefined }), /GOOGLE_APPLICATION_CREDENTIALS has no private_key/],
      [account({ private_key: PRIVATE_PEM.replace(SECRET_LINE, "garbage") }), /GOOGLE_APPLICATION_CREDENTIALS has a private_key that is not a PEM private key/],
      [account({ type: "authorized_user" }), /GOOGLE_APPLICATION_CREDENTIALS must be a service account's key file/],
      [account({ token_uri: "file:///etc/passwd" }), /GOOGLE_APPLICATION_CREDENTIALS has a token_uri that is not an http\(s\) URL/],
    ];
    cases.forEach(([content, expected], index) => {
      const message = configProblems(vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: keyFile(`bad-${index}.json`, content) }));
      expect(message).toMatch(expected);
      expect(message).not.toContain(SECRET_LINE);
    });
  });

  it("checks the project id and the region's form", () => {
    expect(configProblems(vertexEnv({ VERTEX_PROJECT: "my proj/../x" }))).toMatch(/VERTEX_PROJECT must be a Google Cloud project id/);
    expect(configProblems(vertexEnv({ VERTEX_LOCATION: "us-central1.evil.com/" }))).toMatch(/VERTEX_LOCATION must be a Google Cloud region such as us-central1/);
    expect(configProblems({ GEMINI_PROVIDER: "openai" })).toMatch(/GEMINI_PROVIDER must be "gemini" or "vertex"/);
  });

  it("the Gemini API mode is untouched: no Vertex, API keys as before, the Vertex variables not required", () => {
    const config = loadConfig({ GEMINI_API_KEYS: "shop:AIzaKey000000000000000000000001", VERTEX_PROJECT: "ignored" });
    expect(config.vertex).toBeNull();
    expect(config.geminiKeys).toEqual([{ key: "AIzaKey000000000000000000000001", project: "shop" }]);
  });
});

describe("the service account's assertion", () => {
  it("is an RS256 JWT for the token endpoint and the cloud-platform scope, signed by the account's key", () => {
    const serviceAccount = readServiceAccount(keyFile("assert.json", account()));
    const assertion = signAssertion(serviceAccount, Date.UTC(2026, 0, 1));
    const [header, claims, signature] = assertion.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT", kid: "0123456789abcdef0123456789abcdef01234567" });
    const iat = Date.UTC(2026, 0, 1) / 1000;
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toEqual({ iss: EMAIL, scope: VERTEX_SCOPE, aud: "http://127.0.0.1:9/token", iat, exp: iat + 3600 });
    expect(verify("sha256", Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
    expect(assertion).not.toContain(SECRET_LINE);
  });
});
