import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { makeZip } from "../helpers/make-zip";
import { multipartBody, postStream, type FormPart } from "../helpers/multipart-body";
import { createTestDatabase } from "../helpers/test-database";

const BASE = "http://127.0.0.1/api/v1";
const BOUNDARY = "----loupe-test-boundary-7MA4YWxkTrZu0gW";
const MB = 1024 * 1024;

// POST /api/v1/batches' multipart body is read as a stream (busboy): ZIPs among the files, refusals with a clear status,
// text fields after the files, and a body far larger than the memory the server process grows by (measured here, in a test: the route handlers in their
// own process, tests/helpers/route-server.ts, so /proc/<pid>/status is the server's alone).
describe("multipart uploads are parsed as a stream", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let auth: Record<string, string>;
  let dataDir: string;
  let server: ChildProcess;
  let serverUrl: string;
  const png = (r: number, size = 12) => sharp({ create: { width: size, height: size, channels: 3, background: { r, g: 40, b: 90 } } }).png().toBuffer();
  const send = (parts: FormPart[], headers: Record<string, string> = {}) =>
    callRoute(
      new Request(`${BASE}/batches`, {
        method: "POST",
        headers: { ...auth, "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
        body: Readable.toWeb(Readable.from(multipartBody(BOUNDARY, parts))) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit),
    );
  const storedFiles = () => (existsSync(dataDir) ? readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.includes("tmp")).length : 0);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-multipart-stream-"));
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", LOG_LEVEL: "warn" };
    Object.assign(process.env, env);
    auth = await apiAuthHeaders(database.url, "analyst");
    db = createPrismaClient(database.url, 2);
    server = spawn(process.execPath, ["--import", "tsx", "tests/helpers/route-server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    serverUrl = await new Promise<string>((resolve, reject) => {
      server.stdout!.on("data", (chunk: Buffer) => {
        const port = chunk.toString().match(/ready (\d+)/)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}/api/v1`);
      });
      server.once("exit", (code) => reject(new Error(`the route server exited (${code})`)));
    });
  });
  afterAll(async () => {
    server?.kill("SIGTERM");
    await db?.$disconnect();
    await database?.drop();
  });

  it("a ZIP in `zip`, or in seed 000's `file` (told by its bytes, whatever its name), becomes a batch of its images; a refused entry is named", async () => {
    const zip = makeZip([
      { name: "shoes/a.png", data: await png(10) },
      { name: "shoes/b.png", data: await png(20), deflate: true },
      { name: "../escape.png", data: await png(30) },
    ]);
    const response = await send([
      { name: "templateId", data: "local" },
      { name: "zip", fileName: "shoes.zip", type: "application/zip", data: zip },
      { name: "name", data: "From a ZIP" },
    ]);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.batches).toEqual([expect.objectContaining({ name: "From a ZIP", totalImages: 2 })]);
    expect(body.refusedFiles).toEqual([expect.objectContaining({ name: "../escape.png", code: "zip_unsafe_path" })]);
    const names = await db.image.findMany({ where: { batchId: body.batches[0].id }, select: { name: true }, orderBy: { name: "asc" } });
    expect(names.map((image) => image.name)).toEqual(["a.png", "b.png"]);

    const seed = await send([
      { name: "file", fileName: "export.csv", type: "text/csv", data: zip },
      { name: "files", fileName: "c.png", type: "image/png", data: await png(40) },
      { name: "batch_name", data: "Seed ZIP" },
      { name: "templateId", data: "local" },
    ]);
    expect(seed.status).toBe(201);
    expect((await seed.json()).batches).toEqual([expect.objectContaining({ name: "Seed ZIP", totalImages: 3 })]);
  });

  it("a damaged ZIP is refused as a ZIP (not read as a CSV); a ZIP whose every entry is refused is a 400 naming why", async () => {
    const damaged = await send([{ name: "file", fileName: "photos.zip", type: "application/zip", data: Buffer.from("PK\x03\x04 not really a zip", "latin1") }]);
    expect(damaged.status).toBe(400);
    expect((await damaged.json()).error).toMatchObject({ code: "zip_invalid", message: expect.stringContaining("photos.zip") });

    const refused = await send([{ name: "zip", fileName: "bad.zip", data: makeZip([{ name: "/etc/x.png", data: await png(50) }]) }]);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: "no_usable_images", message: expect.stringContaining("/etc/x.png") });
  });

  it.each([
    ["no boundary in the content type", { "content-type": "multipart/form-data" }, Buffer.from("anything"), /boundary/i],
    ["a body cut off in the middle of a file", {}, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\n\r\nhalf a fi`), /end of form/i],
  ])("a malformed body (%s) is a 400 invalid_form that says so", async (_, headers, body, why) => {
    const response = await callRoute(new Request(`${BASE}/batches`, { method: "POST", headers: { ...auth, "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers }, body }));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_form");
    expect(error.message).toMatch(why);
    expect(error.message).toContain("`images`");
  });

  it("a text field over 1 MB is a 413 field_too_large naming it", async () => {
    const response = await send([{ name: "mapping", data: `{"url":"${"u".repeat(MB + 10)}"}` }, { name: "csv", fileName: "a.csv", data: "url\nhttps://cdn.example.com/1.jpg\n" }]);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: "field_too_large", message: expect.stringContaining("`mapping`") });
  });

  it("text fields after the files count: a bad budget sent last is refused (the CSV stored for it removed again), a name sent last names the batch", async () => {
    const before = storedFiles();
    const late = await send([
      { name: "csv", fileName: "late.csv", data: "url\nhttps://cdn.example.com/1.jpg\n" },
      { name: "budgetUsd", data: "a lot" },
    ]);
    expect(late.status).toBe(400);
    expect((await late.json()).error.message).toMatch(/^budgetUsd/);
    const mixed = await send([
      { name: "csv", fileName: "first.csv", data: "url\nhttps://cdn.example.com/1.jpg\n" },
      { name: "images", fileName: "x.png", data: await png(60) },
    ]);
    expect((await mixed.json()).error.code).toBe("mixed_upload");
    expect(storedFiles()).toBe(before);

    const named = await send([
      { name: "images", fileName: "summer/p.png", data: await png(70) },
      { name: "templateId", data: "local" },
      { name: "name", data: "Named after the file" },
    ]);
    expect(named.status).toBe(201);
    const created = await named.json();
    expect(created.batches).toEqual([expect.objectContaining({ name: "Named after the file", totalImages: 1 })]);
    // The file's name as sent, folder and all (as FormData kept it).
    expect((await db.image.findFirstOrThrow({ where: { batchId: created.batches[0].id } })).name).toBe("summer/p.png");
  });

  it("more than 10,000 files is a 413 too_many_files, answered over a real socket while the body is still coming", async () => {
    async function* parts() {
      for (let i = 0; i <= 10_000; i++) yield { name: "attachment", fileName: `${i}.txt`, data: "x" } satisfies FormPart;
    }
    const before = await db.batch.count();
    const response = await postStream(`${serverUrl}/batches`, { ...auth, "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, multipartBody(BOUNDARY, parts()));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: "too_many_files", message: expect.stringContaining("at most 10,000") } });
    expect(await db.batch.count()).toBe(before);
  });

  it("templates/try: a sample image past MAX_UPLOAD_MB is a 413 as it streams in (no length declared), over a real socket", async () => {
    // One `image` part of 21 MB, written a megabyte at a time.
    async function* body() {
      yield* multipartBody(BOUNDARY, [{ name: "template", data: JSON.stringify({ instructions: "Describe it.", fields: [{ name: "caption", type: "string" }] }) }], { close: false });
      yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`);
      for (let i = 0; i < 21; i++) yield Buffer.alloc(MB, i);
      yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    }
    const response = await postStream(`${serverUrl}/templates/try`, { ...auth, "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, body());
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: "file_too_large", message: "The sample image is larger than 20 MB." } });
  });

  it("a 200 MB form of images is accepted while the server process's peak RSS grows by well under half of it", async () => {
    // 1 MB of noise each (PNG barely compresses it): 200 parts, the body written as it is sent.
    const noise = await sharp(Buffer.from(Array.from({ length: 512 * 512 * 4 }, () => Math.floor(Math.random() * 256))), { raw: { width: 512, height: 512, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
    const count = Math.ceil((200 * MB) / noise.length);
    async function* parts(n: number) {
      yield { name: "templateId", data: "local" } satisfies FormPart;
      for (let i = 0; i < n; i++) yield { name: "images", fileName: `noise-${i}.png`, type: "image/png", data: noise } satisfies FormPart;
      yield { name: "name", data: `noise ×${n}` } satisfies FormPart;
    }
    const headers = { ...auth, "content-type": `multipart/form-data; boundary=${BOUNDARY}` };
    expect((await postStream(`${serverUrl}/batches`, headers, multipartBody(BOUNDARY, parts(3)))).status).toBe(201); // warm: modules, pools
    const kb = (field: string) => Number(readFileSync(`/proc/${server.pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))![1]) * 1024;
    writeFileSync(`/proc/${server.pid}/clear_refs`, "5"); // the peak from here on
    const before = kb("VmRSS");
    const response = await postStream(`${serverUrl}/batches`, headers, multipartBody(BOUNDARY, parts(count)));
    const growth = kb("VmHWM") - before;
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ batches: [expect.objectContaining({ name: `noise ×${count}`, totalImages: count })] });
    console.log(`multipart ${Math.round((count * noise.length) / MB)} MB: server peak RSS grew ${Math.round(growth / MB)} MB (from ${Math.round(before / MB)} MB)`);
    // Measured 5–60 MB (images read back to be checked are garbage until V8 collects them); the same route reading the
    // form with request.formData() grew by 657 MB here.
    expect(growth).toBeLessThan(100 * MB);

    // With an Idempotency-Key the body is spooled to disk while it is hashed, then parsed from there: no more memory.
    const keyed = { ...headers, "idempotency-key": "big-form-1" };
    writeFileSync(`/proc/${server.pid}/clear_refs`, "5");
    const keyedBefore = kb("VmRSS");
    const first = await postStream(`${serverUrl}/batches`, keyed, multipartBody(BOUNDARY, parts(count)));
    const keyedGrowth = kb("VmHWM") - keyedBefore;
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    console.log(`multipart ${Math.round((count * noise.length) / MB)} MB with Idempotency-Key: server peak RSS grew ${Math.round(keyedGrowth / MB)} MB`);
    expect(keyedGrowth).toBeLessThan(100 * MB);
    expect(await db.batch.count({ where: { name: `noise ×${count}` } })).toBe(2);
    expect(readdirSync(path.join(dataDir, "tmp")).filter((name) => name.startsWith("idempotent-"))).toEqual([]); // the spooled bodies are gone
  }, 180_000);
});
