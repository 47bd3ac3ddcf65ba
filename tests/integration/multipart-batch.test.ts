import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/test-database";
import { apiAuthHeaders } from "../helpers/api-auth";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe("POST /api/v1/batches with multipart/form-data", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let POST: Handler;
  let auth: Record<string, string>;
  const png = (r: number) => sharp({ create: { width: 20, height: 10, channels: 3, background: { r, g: 0, b: 0 } } }).png().toBuffer();
  const send = (form: FormData) => POST(new Request("http://127.0.0.1/api/v1/batches", { method: "POST", headers: auth, body: form }), { params: Promise.resolve({}) });

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-multipart-")), WORKER: "off", MAX_BATCH_SIZE: "3" });
    auth = await apiAuthHeaders(database.url, "analyst");
    ({ POST } = (await import("../../app/api/v1/batches/route")) as unknown as { POST: Handler });
  });
  afterAll(async () => database?.drop());

  it("images: each file stored like an upload; one batch with them", async () => {
    const form = new FormData();
    form.append("name", "Two red squares");
    form.append("templateId", "local");
    for (const r of [10, 200]) form.append("images", new File([new Uint8Array(await png(r))], `square-${r}.png`, { type: "image/png" }));
    const response = await send(form);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.batches).toEqual([expect.objectContaining({ name: "Two red squares", totalImages: 2 })]);
  });

  it("a CSV: split into parts with the suggested mapping, or the one sent", async () => {
    const csv = ["sku,picture", ...Array.from({ length: 7 }, (_, i) => `A${i},https://cdn.example.com/${i}.jpg`)].join("\n");
    const form = new FormData();
    form.append("csv", new File([csv], "shoes.csv", { type: "text/csv" }));
    form.append("templateId", "local");
    const response = await send(form);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.batches.map((b: { totalImages: number }) => b.totalImages)).toEqual([3, 3, 1]);
    expect(body.parentId).toBeTruthy();

    const mapped = new FormData();
    mapped.append("csv", new File([csv], "shoes.csv"));
    mapped.append("mapping", JSON.stringify({ url: "picture", name: "sku", carry: [] }));
    mapped.append("templateId", "local");
    expect((await send(mapped)).status).toBe(201);
  });

  it("seed 000 as written: -F file=@urls.csv -F batch_name=… names the batch and its parts", async () => {
    const csv = ["image_url", ...Array.from({ length: 5 }, (_, i) => `https://cdn.example.com/${i}.jpg`)].join("\n");
    const form = new FormData();
    form.append("file", new File([csv], "urls.csv"));
    form.append("batch_name", "My Batch");
    form.append("templateId", "local");
    const response = await send(form);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.parentId).toBeTruthy();
    expect(body.batches.map((b: { name: string }) => b.name)).toEqual(["My Batch — Part 1 of 2", "My Batch — Part 2 of 2"]);
  });

  it("seed 000's `file` may be an image (told by its bytes, whatever its name), and `files` several images", async () => {
    const one = new FormData();
    one.append("file", new File([new Uint8Array(await png(30))], "photo.csv"));
    one.append("batch_name", "One photo");
    one.append("templateId", "local");
    const single = await send(one);
    expect(single.status).toBe(201);
    expect((await single.json()).batches).toEqual([expect.objectContaining({ name: "One photo", totalImages: 1 })]);

    const many = new FormData();
    for (const r of [40, 50]) many.append("files", new File([new Uint8Array(await png(r))], `p${r}.png`));
    many.append("file", new File([new Uint8Array(await png(60))], "p60.png"));
    many.append("templateId", "local");
    const created = await send(many);
    expect(created.status).toBe(201);
    expect((await created.json()).batches).toEqual([expect.objectContaining({ totalImages: 3 })]);
  });

  it.each([
    [
      "two CSVs in `file`",
      () => {
        const form = new FormData();
        form.append("file", new File(["u\nhttps://cdn.example.com/a.jpg\n"], "a.csv"));
        form.append("file", new File(["u\nhttps://cdn.example.com/b.jpg\n"], "b.csv"));
        return form;
      },
      "several_csvs",
    ],
    [
      "a CSV in `file` and images in `files`",
      () => {
        const form = new FormData();
        form.append("file", new File(["u\nhttps://cdn.example.com/a.jpg\n"], "a.csv"));
        form.append("files", new File([new Uint8Array([1, 2, 3])], "x.png"));
        return form;
      },
      "mixed_upload",
    ],
    ["no files", () => new FormData(), "no_files"],
    [
      "a CSV without a URL column",
      () => {
        const form = new FormData();
        form.append("csv", new File(["sku,title\nA1,Shoe\n"], "plain.csv"));
        return form;
      },
      "no_url_column",
    ],
    [
      "a mapping that is not JSON",
      () => {
        const form = new FormData();
        form.append("csv", new File(["u\nhttps://cdn.example.com/a.jpg\n"], "a.csv"));
        form.append("mapping", "{url:");
        return form;
      },
      "invalid_mapping",
    ],
    [
      "a CSV and images together",
      () => {
        const form = new FormData();
        form.append("csv", new File(["u\nhttps://cdn.example.com/a.jpg\n"], "a.csv"));
        form.append("images", new File([new Uint8Array([1, 2, 3])], "x.png"));
        return form;
      },
      "mixed_upload",
    ],
  ])("%s → 400 with code %s", async (_, build, code) => {
    const response = await send(build());
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(20);
  });
});
