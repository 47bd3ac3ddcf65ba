import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { failureOf, sdkFor } from "./emulator-sdk-helpers";

// The Files API as the Batch API uses it: the resumable protocol over raw fetch, the SDK's own upload, get/list/delete, download.
const KEY = "AIzaFilesKey0001";
const OTHER_PROJECT_KEY = "AIzaFilesKey0002";
const LEAKED_KEY = "AIzaFilesKey0003";
const QUOTA = { rpm: 1000, tpm: 100_000_000, rpd: 1_000_000 };

const hashField = (bytes: Buffer) => Buffer.from(createHash("sha256").update(bytes).digest("hex")).toString("base64");

describe("emulator Files API", () => {
  let emulator: GeminiEmulator;
  let scratch: string;
  const headers = (key = KEY) => ({ "x-goog-api-key": key });

  async function start(size: number, extra: Record<string, string> = {}, body: object = { file: { display_name: "requests.jsonl" } }) {
    return fetch(`${emulator.url}/upload/v1beta/files`, {
      method: "POST",
      headers: { ...headers(), "content-type": "application/json", "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start", "x-goog-upload-header-content-length": String(size), "x-goog-upload-header-content-type": "application/jsonl", ...extra },
      body: JSON.stringify(body),
    });
  }
  const send = (uploadUrl: string, command: string, offset: number | null, body?: Buffer) =>
    fetch(uploadUrl, { method: "POST", headers: { "x-goog-upload-command": command, ...(offset === null ? {} : { "x-goog-upload-offset": String(offset) }) }, body: body && new Uint8Array(body) });

  async function upload(bytes: Buffer, displayName = "requests.jsonl") {
    const uploadUrl = (await start(bytes.length, {}, { file: { displayName } })).headers.get("x-goog-upload-url")!;
    const answer = await send(uploadUrl, "upload, finalize", 0, bytes);
    return ((await answer.json()) as { file: Record<string, string> }).file;
  }

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { files: QUOTA, other: QUOTA }, keys: { [KEY]: "files", [OTHER_PROJECT_KEY]: "other", [LEAKED_KEY]: "files" }, faults: { keys: { [LEAKED_KEY]: "key-leaked" } } });
    scratch = await mkdtemp(path.join(os.tmpdir(), "emulator-files-test-"));
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(scratch, { recursive: true, force: true });
  });
  beforeEach(() => emulator.reset());

  it("resumable upload: start gives the session URL, chunks go at their offsets, query tells the size, a wrong offset is a 400, finalize gives the File", async () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, index) => `{"key":"k${index}","request":{}}`).join("\n"));
    const started = await start(bytes.length);
    expect(started.status).toBe(200);
    expect(started.headers.get("x-goog-upload-status")).toBe("active");
    const uploadUrl = started.headers.get("x-goog-upload-url")!;
    expect(uploadUrl).toMatch(new RegExp(`^${emulator.url}/upload/v1beta/files\\?upload_id=[a-z0-9]+&upload_protocol=resumable$`));

    const first = await send(uploadUrl, "upload", 0, bytes.subarray(0, 4000));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-goog-upload-status")).toBe("active");
    const query = await send(uploadUrl, "query", null);
    expect(query.headers.get("x-goog-upload-size-received")).toBe("4000");

    const wrong = await send(uploadUrl, "upload", 3000, bytes.subarray(3000, 5000));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { status: string } }).error.status).toBe("INVALID_ARGUMENT");
    expect(wrong.headers.get("x-goog-upload-size-received")).toBe("4000");

    const last = await send(uploadUrl, "upload, finalize", 4000, bytes.subarray(4000));
    expect(last.status).toBe(200);
    expect(last.headers.get("x-goog-upload-status")).toBe("final");
    const { file } = (await last.json()) as { file: Record<string, string> };
    expect(file).toMatchObject({ displayName: "requests.jsonl", mimeType: "application/jsonl", sizeBytes: String(bytes.length), sha256Hash: hashField(bytes), state: "ACTIVE", source: "UPLOADED" });
    expect(file.name).toMatch(/^files\/[a-z0-9]{12}$/);
    expect(file.uri).toBe(`${emulator.url}/v1beta/${file.name}`);
    expect(Date.parse(file.expirationTime) - Date.parse(file.createTime)).toBeCloseTo(48 * 3_600_000, -3);
    expect(file.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // The session is over: its URL no longer takes bytes.
    expect((await send(uploadUrl, "upload, finalize", bytes.length, Buffer.from("x"))).status).toBe(404);
    expect(emulator.stats().files).toMatchObject({ stored: 1, bytes: bytes.length, uploads: 1, uploadsStarted: 1 });
  });

  it("finalize refuses a size other than the declared one, and bytes past it; cancel drops the session", async () => {
    const short = (await start(100)).headers.get("x-goog-upload-url")!;
    expect((await send(short, "upload, finalize", 0, Buffer.alloc(60, 97))).status).toBe(400);
    expect((await send(short, "query", null)).headers.get("x-goog-upload-size-received")).toBe("60");
    const over = await send(short, "upload", 60, Buffer.alloc(100, 97));
    expect(over.status).toBe(400);
    expect((await send(short, "query", null)).headers.get("x-goog-upload-size-received")).toBe("60");
    const cancelled = await send(short, "cancel", null);
    expect(cancelled.headers.get("x-goog-upload-status")).toBe("cancelled");
    expect((await send(short, "query", null)).status).toBe(404);
    expect(emulator.stats().files.stored).toBe(0);
  });

  it("get, list with pageSize and pageToken (newest first), delete, and another project's file is Google's 403", async () => {
    const names = [];
    for (const index of [1, 2, 3]) names.push((await upload(Buffer.from(`line ${index}\n`), `file-${index}`)).name);
    const got = await fetch(`${emulator.url}/v1beta/${names[0]}`, { headers: headers() });
    expect(((await got.json()) as { displayName: string }).displayName).toBe("file-1");

    const first = (await (await fetch(`${emulator.url}/v1beta/files?pageSize=2`, { headers: headers() })).json()) as { files: { name: string }[]; nextPageToken: string };
    expect(first.files.map((file) => file.name)).toEqual([names[2], names[1]]);
    const second = (await (await fetch(`${emulator.url}/v1beta/files?pageSize=2&pageToken=${first.nextPageToken}`, { headers: headers() })).json()) as { files: { name: string }[]; nextPageToken?: string };
    expect(second.files.map((file) => file.name)).toEqual([names[0]]);
    expect(second.nextPageToken).toBeUndefined();

    const elsewhere = await fetch(`${emulator.url}/v1beta/${names[0]}`, { headers: headers(OTHER_PROJECT_KEY) });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toBe(`You do not have permission to access the File ${names[0].slice(6)} or it may not exist.`);
    expect(await (await fetch(`${emulator.url}/v1beta/files`, { headers: headers(OTHER_PROJECT_KEY) })).json()).toEqual({});

    const deleted = await fetch(`${emulator.url}/v1beta/${names[0]}`, { method: "DELETE", headers: headers() });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({});
    expect((await fetch(`${emulator.url}/v1beta/${names[0]}`, { headers: headers() })).status).toBe(403);
    expect((await fetch(`${emulator.url}/v1beta/${names[0]}`, { method: "DELETE", headers: headers() })).status).toBe(403);
    expect(emulator.stats().files).toMatchObject({ stored: 2, deletes: 1 });
  });

  it("an uploaded file cannot be downloaded (only batch outputs can), on either download route", async () => {
    const file = await upload(Buffer.from("secret\n"));
    for (const route of [`/v1beta/${file.name}:download?alt=media`, `/download/v1beta/${file.name}:download?alt=media`]) {
      const answer = await fetch(`${emulator.url}${route}`, { headers: headers() });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { status: string } }).error.status).toBe("FAILED_PRECONDITION");
    }
    expect(emulator.stats().files.downloads).toBe(0);
  });

  it("authenticates like generateContent: an unknown key is E8, a key's configured fault answers, ?key= works", async () => {
    const unknown = await fetch(`${emulator.url}/v1beta/files`, { headers: { "x-goog-api-key": "AIzaNobody" } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe("API key not valid. Please pass a valid API key.");
    expect((await fetch(`${emulator.url}/v1beta/files`, { headers: headers(LEAKED_KEY) })).status).toBe(403);
    expect((await fetch(`${emulator.url}/v1beta/files?key=${KEY}`)).status).toBe(200);
    const refusedStart = await fetch(`${emulator.url}/upload/v1beta/files`, { method: "POST", headers: { "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start" }, body: "{}" });
    expect(refusedStart.status).toBe(400);
  });

  it("one-shot multipart and raw uploads", async () => {
    const boundary = "emulator-boundary-42";
    const media = Buffer.from('{"key":"a","request":{}}\n'.repeat(5000));
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify({ file: { displayName: "multi" } })}\r\n--${boundary}\r\nContent-Type: application/jsonl\r\n\r\n`),
      media,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const multipart = await fetch(`${emulator.url}/upload/v1beta/files`, { method: "POST", headers: { ...headers(), "x-goog-upload-protocol": "multipart", "content-type": `multipart/related; boundary=${boundary}` }, body });
    expect(multipart.status).toBe(200);
    expect(((await multipart.json()) as { file: object }).file).toMatchObject({ displayName: "multi", mimeType: "application/jsonl", sizeBytes: String(media.length), sha256Hash: hashField(media) });

    const raw = await fetch(`${emulator.url}/upload/v1beta/files?uploadType=media`, { method: "POST", headers: { ...headers(), "content-type": "text/plain" }, body: "just bytes" });
    expect(((await raw.json()) as { file: object }).file).toMatchObject({ mimeType: "text/plain", sizeBytes: "10", source: "UPLOADED" });
  });

  it("@google/genai uploads from a path in 8 MiB chunks (streamed to disk), and gets, lists and deletes", async () => {
    const ai = sdkFor(emulator, KEY);
    const filePath = path.join(scratch, "big.jsonl");
    const line = `${JSON.stringify({ key: "x", request: { contents: [{ parts: [{ text: "y".repeat(3000) }] }] } })}\n`;
    await writeFile(filePath, line.repeat(7000)); // ~21 MB: three chunks
    const bytes = await readFile(filePath);
    const uploaded = await ai.files.upload({ file: filePath, config: { mimeType: "application/jsonl", displayName: "big" } });
    expect(uploaded).toMatchObject({ displayName: "big", mimeType: "application/jsonl", sizeBytes: String(bytes.length), sha256Hash: hashField(bytes), state: "ACTIVE" });

    const blob = await ai.files.upload({ file: new Blob(["small\n"]), config: { mimeType: "text/plain" } });
    expect(blob.sizeBytes).toBe("6");
    expect((await ai.files.get({ name: uploaded.name! })).displayName).toBe("big");
    const listed = [];
    for await (const file of await ai.files.list({ config: { pageSize: 1 } })) listed.push(file.name);
    expect(listed).toEqual([blob.name, uploaded.name]);
    await ai.files.delete({ name: blob.name! });
    expect((await failureOf(ai.files.get({ name: blob.name! }))).status).toBe(403);
  });

  it("rejectLongIds answers files.get and files.delete of an id over 40 characters with go-genai #436's 400; download is not affected", async () => {
    const longName = `files/batch-${"a".repeat(36)}`;
    expect((await fetch(`${emulator.url}/v1beta/${longName}`, { headers: headers() })).status).toBe(403);
    emulator.configure({ files: { rejectLongIds: true } });
    try {
      const refused = await fetch(`${emulator.url}/v1beta/${longName}`, { headers: headers() });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("GetFileRequest.name: File ID (name excluding 'files/') cannot be more than 40 characters.");
      expect((await fetch(`${emulator.url}/v1beta/${longName}`, { method: "DELETE", headers: headers() })).status).toBe(400);
      expect((await fetch(`${emulator.url}/download/v1beta/${longName}:download?alt=media`, { headers: headers() })).status).toBe(403);
    } finally {
      emulator.configure({ files: undefined });
    }
  });

  it("reset forgets every file; close removes the emulator's directory", async () => {
    await upload(Buffer.from("a\n"));
    emulator.reset();
    expect(emulator.stats().files).toMatchObject({ stored: 0, bytes: 0, uploads: 0 });
    const own = await startGeminiEmulator({ projects: { files: QUOTA }, keys: { [KEY]: "files" } });
    const stored = await fetch(`${own.url}/upload/v1beta/files?uploadType=media`, { method: "POST", headers: { ...headers(), "content-type": "text/plain" }, body: "bytes" });
    expect(stored.status).toBe(200);
    expect(existsSync(own.filesDir)).toBe(true);
    await own.close();
    expect(existsSync(own.filesDir)).toBe(false);
  });
});
