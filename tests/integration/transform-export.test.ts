import ExcelJS from "exceljs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appContext } from "../../lib/server/app-context";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { waitForBatchToFinish } from "../helpers/batch-checks";
import { callRoute } from "../helpers/call-route";
import { gradientImage } from "../helpers/transform-images";
import { compressionMethods, unzip } from "../helpers/unzip";

// The round trip through the real routes: a transform template and a batch made over HTTP, the real worker (pg-boss, sharp,
// storage), and the ZIP read back with a real unzip library (yauzl) and every file decoded with sharp.

const BASE = "http://127.0.0.1:3000/api/v1";
type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;

describe("a transform batch's outputs: ZIP, download and export columns", () => {
  let rig: Rig;
  let auth: Record<string, string>;
  let batchId: string;
  const inputs: { name: string; bytes: Buffer; type: string }[] = [];
  const call = (path: string, init: RequestInit = {}) => callRoute(new Request(`${BASE}${path}`, { ...init, headers: { ...auth, ...init.headers } }));

  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: { AIzaExportKey0000000000000000000000000000: "export-project" }, prefix: "loupe-transform-export-" });
    Object.assign(process.env, { DATABASE_URL: rig.database.url, DATA_DIR: rig.dataDir, WORKER: "off" });
    auth = await apiAuthHeaders(rig.database.url, "analyst");
    inputs.push(
      { name: "shoe.jpg", bytes: await gradientImage(1600, 1200), type: "image/jpeg" },
      { name: "shoe.jpg", bytes: await gradientImage(900, 1400), type: "image/jpeg" },
      { name: "logo.png", bytes: await gradientImage(500, 500, "png", { alpha: true }), type: "image/png" },
      { name: "lamp.webp", bytes: await gradientImage(2000, 800, "webp"), type: "image/webp" },
      { name: "CON.jpg", bytes: await gradientImage(300, 200), type: "image/jpeg" },
    );
    const template = await call("/templates", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "transform",
        name: "Catalogue 640 × 480 JPEG",
        operations: [{ op: "resize", width: 640, height: 480, fit: "contain", background: "#ffffff" }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "jpeg", quality: 80 }],
      }),
    });
    expect(template.status).toBe(201);
    const form = new FormData();
    for (const input of inputs) form.append("images", new File([new Uint8Array(input.bytes)], input.name, { type: input.type }));
    form.append("templateId", (await template.json()).id);
    form.append("name", "Spring catalogue");
    const created = await call("/batches", { method: "POST", body: form });
    expect(created.status).toBe(201);
    batchId = (await created.json()).batches[0].id;
    const done = await waitForBatchToFinish(rig.db, batchId);
    expect(done.status).toBe("completed");
  }, 60_000);
  afterAll(async () => {
    // The routes' own job engine (send-only here) stops before the database goes.
    await (await appContext().jobs()).stop();
    await rig?.close();
  });

  it("the ZIP holds exactly one valid image per input, at the requested size and format, with names that are unique and safe", async () => {
    const response = await call(`/batches/${batchId}/export?format=zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="spring-catalogue-outputs-\d{4}-\d{2}-\d{2}\.zip"$/);
    const zip = Buffer.from(await response.arrayBuffer());
    const files = await unzip(zip);
    const images = [...files.keys()].filter((name) => name !== "manifest.csv");
    // JPEGs are stored as they are (deflating them again saves nothing); the manifest is deflated.
    expect(Object.entries(await compressionMethods(zip)).sort()).toEqual([...images.map((name) => [name, 0]), ["manifest.csv", 8]].sort());
    expect(images.sort()).toEqual(["CON.jpg".replace("CON", `image-${(await rig.db.image.findFirstOrThrow({ where: { batchId, name: "CON.jpg" } })).id}`), "lamp.jpg", "logo.jpg", "shoe-2.jpg", "shoe.jpg"].sort());
    for (const name of images) {
      const metadata = await sharp(files.get(name)!).metadata();
      expect(metadata, name).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    }
    // The manifest maps every file to its image.
    const manifest = files.get("manifest.csv")!.toString("utf8").trim().split("\r\n");
    expect(manifest[0]).toBe("file,image_id,name,external_id,kind,variant,width,height,bytes,mime_type,sha256,note");
    expect(manifest).toHaveLength(inputs.length + 1);
    const imageIds = new Set((await rig.db.image.findMany({ where: { batchId }, select: { id: true } })).map((image) => image.id.toString()));
    expect(new Set(manifest.slice(1).map((line) => line.split(",")[1]))).toEqual(imageIds);
  });

  it("each output downloads from its output_url with its type and a file name; CSV, JSON and XLSX list them", async () => {
    const csv = await call(`/batches/${batchId}/export?format=csv`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = (await csv.text()).trim().split("\r\n").map((line) => line.split(","));
    for (const column of ["output_url", "output_width", "output_height", "output_type", "output_bytes"]) expect(header).toContain(column);
    expect(rows).toHaveLength(inputs.length);
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    for (const row of rows) {
      expect([at(row, "output_width"), at(row, "output_height"), at(row, "output_type")]).toEqual(["640", "480", "image/jpeg"]);
      const url = new URL(at(row, "output_url"));
      expect(url.pathname).toMatch(/^\/api\/v1\/outputs\/\d+\/file$/);
      const file = await callRoute(new Request(`${url.href}?download=1`, { headers: auth }));
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/jpeg");
      expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"/\\]+\.jpg"/);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.length).toBe(Number(at(row, "output_bytes")));
      expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    }
    const json = await (await call(`/batches/${batchId}/export?format=json`)).json();
    expect(json.every((record: { output_width: number; output_url: string }) => record.output_width === 640 && record.output_url.startsWith("http"))).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await call(`/batches/${batchId}/export?format=xlsx`)).arrayBuffer());
    const sheetHeader = (workbook.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(sheetHeader).toContain("output_url");
    expect((await call("/outputs/99999999/file")).status).toBe(404);
    // The image's detail lists its output with the URL that downloads it.
    const image = await rig.db.image.findFirstOrThrow({ where: { batchId, name: "logo.png" } });
    const detail = await (await call(`/images/${image.id}`)).json();
    expect(detail).toMatchObject({ width: 500, height: 500, mimeType: "image/png", outputs: [{ kind: "transform", width: 640, height: 480, mimeType: "image/jpeg", url: expect.stringMatching(/^\/api\/v1\/outputs\/\d+\/file$/) }] });
  });

  it("a batch with no outputs answers 409 no_outputs for a ZIP, and an unknown format is a clear 400", async () => {
    const created = await call("/batches", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ urls: ["https://cdn.example.com/a.jpg"], templateId: "local" }) });
    const other = (await created.json()).batches[0].id;
    const zip = await call(`/batches/${other}/export?format=zip`);
    expect(zip.status).toBe(409);
    expect((await zip.json()).error.code).toBe("no_outputs");
    const csv = await (await call(`/batches/${other}/export?format=csv`)).text();
    expect(csv.split("\r\n")[0]).not.toContain("output_url");
    const bad = await call(`/batches/${batchId}/export?format=rar`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("zip");
  });
});
