import { Writable } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { exportBatch } from "../../lib/export/export-batch";
import { exportColumns, type ExportRow } from "../../lib/export/export-columns";
import type { ExportFilters } from "../../lib/export/read-export-rows";
import { writeExport } from "../../lib/export/write-export";
import { createTestDatabase } from "../helpers/test-database";

const AWKWARD = [
  { name: 'quote "inside", comma', result: { caption: 'He said "hi",\nthen left', tags: ["a;b", "ünïcødé 🎉"], score: 0.5 }, carried: { brand: "=HYPERLINK(\"http://evil\")", note: "+1 555" }, status: "succeeded" },
  { name: "emoji 😀 name", result: { caption: "@SUM(A1)", tags: [], score: 1 }, carried: { brand: "-minus", note: "\ttabbed" }, status: "succeeded" },
  { name: "empty result", result: {}, carried: { brand: "", note: "" }, status: "succeeded" },
  { name: "broken.jpg", result: null, carried: { brand: "Acme", note: "line1\r\nline2" }, status: "failed", error: ["image_invalid", "The file could not be read as an image."] },
];
const FIELDS = [
  { name: "caption", type: "string" },
  { name: "tags", type: "list", items: { name: "tag", type: "string" } },
  { name: "score", type: "number" },
];

async function collect(format: "csv" | "json" | "jsonl" | "xlsx", db: PrismaClient, pool: pg.Pool, batchId: string, extra: { raw?: boolean; filters?: ExportFilters } = {}) {
  const file = await exportBatch(db, pool, { batchId, format, filters: extra.filters ?? {}, includeRaw: extra.raw ?? false, bom: format === "csv" });
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return { ...file, body: Buffer.concat(chunks) };
}

describe("export", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let pool: pg.Pool;
  let batchId: string;
  let parentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const template = await db.analysisTemplate.create({ data: { name: "Export test", versions: { create: { version: 1, instructions: "x", fields: FIELDS } } }, include: { versions: true } });
    const batch = await db.batch.create({ data: { name: "Spring Catalogue: Shoes!", carriedColumns: ["brand", "note"], templateVersionId: template.versions[0].id, totalImages: AWKWARD.length } });
    batchId = batch.id;
    for (const [index, row] of AWKWARD.entries()) {
      await db.image.create({
        data: {
          batchId, rowNumber: index + 1, name: row.name, sourceUrl: `https://cdn.example.com/${index}.jpg`, status: row.status as "succeeded" | "failed",
          result: row.result ?? undefined, carried: row.carried, lastErrorCode: row.error?.[0], lastErrorMessage: row.error?.[1], templateVersionId: template.versions[0].id,
          inputTokens: 258 + index, outputTokens: 20, costMicros: 127, finishedAt: new Date("2026-11-24T10:00:00Z"),
        },
      });
    }
    const parent = await db.batch.create({ data: { name: "Parent", kind: "parent", totalParts: 2 } });
    parentId = parent.id;
    for (const sequence of [2, 1]) {
      const part = await db.batch.create({ data: { name: `Part ${sequence}`, kind: "part", parentBatchId: parent.id, sequence } });
      await db.image.create({ data: { batchId: part.id, name: `from part ${sequence}`, status: "succeeded", result: { caption: `p${sequence}` } } });
    }
  });
  afterAll(async () => {
    await pool?.end();
    await db?.$disconnect();
    await database?.drop();
  });

  it("CSV round-trips the database, neutralises formulas, quotes commas, quotes and newlines, and names the file", async () => {
    const file = await collect("csv", db, pool, batchId);
    expect(file.fileName).toMatch(/^spring-catalogue-shoes-results-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse(file.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(records).toHaveLength(4);
    expect(records[0].name).toBe('quote "inside", comma');
    expect(records[0].caption).toBe('He said "hi",\nthen left');
    expect(records[0].tags).toBe("a;b; ünïcødé 🎉");
    expect(records[0].brand).toBe("'=HYPERLINK(\"http://evil\")");
    expect(records[0].note).toBe("'+1 555");
    expect(records[1].caption).toBe("'@SUM(A1)");
    expect(records[1].brand).toBe("'-minus");
    expect(records[1].note).toBe("'\ttabbed");
    expect(records[2].caption).toBe("");
    expect(records[3]).toMatchObject({ status: "failed", error_code: "image_invalid", error_message: "The file could not be read as an image.", note: "line1\r\nline2" });
    expect(records[3].input_tokens).toBe("261");
    expect(records[0].template_version).toBe("1");
  });

  it("JSON and JSONL keep values exactly as stored (no formula prefix: no spreadsheet reads them)", async () => {
    const json = JSON.parse((await collect("json", db, pool, batchId)).body.toString("utf8"));
    const lines = (await collect("jsonl", db, pool, batchId, { raw: true })).body.toString("utf8").trim().split("\n").map((line) => JSON.parse(line));
    for (const records of [json, lines]) {
      expect(records).toHaveLength(4);
      expect(records[0].brand).toBe('=HYPERLINK("http://evil")');
      expect(records[0].score).toBe(0.5);
      expect(records[3].caption).toBeNull();
      expect(records[1].cost_usd).toBeCloseTo(0.000127);
    }
    expect(JSON.parse(lines[0].raw_json)).toEqual(AWKWARD[0].result);
  });

  it("XLSX round-trips with neutralised formulas", async () => {
    const file = await collect("xlsx", db, pool, batchId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("Results")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1).value;
    expect(sheet.rowCount).toBe(5);
    expect(at(2, "caption")).toBe('He said "hi",\nthen left');
    expect(at(2, "brand")).toBe("'=HYPERLINK(\"http://evil\")");
    expect(at(3, "name")).toBe("emoji 😀 name");
    expect(at(5, "error_code")).toBe("image_invalid");
  });

  it("every format's cells equal the database's values: ids, timestamps, numbers, booleans; an edited result wins", async () => {
    const batch = await db.batch.create({ data: { name: "Reviewed", carriedColumns: ["sku"], totalImages: 2 } });
    const started = new Date("2026-11-24T09:59:58.123Z");
    const edited = await db.image.create({
      data: { batchId: batch.id, name: "edited.jpg", status: "succeeded", result: { caption: "model", n: 2 }, reviewedResult: { caption: "human \"fixed\"", n: 3 }, reviewStatus: "approved", carried: { sku: "A-1" }, startedAt: started, finishedAt: new Date(started.getTime() + 1877), durationMs: 1877, attempts: 2, costMicros: 1_234_567, cached: true, model: "gemini-2.5-flash" },
    });
    const plain = await db.image.create({ data: { batchId: batch.id, name: "plain.jpg", status: "queued" } });
    const csv = parse((await collect("csv", db, pool, batch.id)).body, { columns: true, bom: true }) as Record<string, string>[];
    const json = JSON.parse((await collect("json", db, pool, batch.id)).body.toString("utf8")) as Record<string, unknown>[];
    const sheet = (await new ExcelJS.Workbook().xlsx.load((await collect("xlsx", db, pool, batch.id)).body as unknown as ExcelJS.Buffer)).getWorksheet("Results")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const xlsx = [2, 3].map((r) => Object.fromEntries(headers.map((header, i) => [header, sheet.getRow(r).getCell(i + 1).value ?? null])));
    expect(json[0]).toMatchObject({ image_id: edited.id.toString(), caption: 'human "fixed"', n: 3, sku: "A-1", review_status: "approved", attempts: 2, cost_usd: 1.234567, cached: true, started_at: started.toISOString(), finished_at: edited.finishedAt!.toISOString(), duration_ms: 1877, model: "gemini-2.5-flash" });
    expect(json[1]).toMatchObject({ image_id: plain.id.toString(), caption: null, sku: null, status: "queued", started_at: null, finished_at: null, duration_ms: null, cached: false, template_version: null });
    for (const [index, record] of json.entries()) {
      // CSV holds the same cells as text, XLSX with their types (null cells are empty).
      expect(csv[index]).toEqual(Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value === null ? "" : String(value)])));
      expect(xlsx[index]).toEqual(record);
    }
  });

  it("a filtered view exports only its rows: status, review status, error code, finished date range", async () => {
    const batch = await db.batch.create({ data: { name: "Filtered", totalImages: 4 } });
    const day = (d: number) => new Date(`2026-11-${d}T12:00:00Z`);
    await db.image.createMany({
      data: [
        { batchId: batch.id, name: "ok-20", status: "succeeded", reviewStatus: "approved", finishedAt: day(20) },
        { batchId: batch.id, name: "ok-22", status: "succeeded", reviewStatus: "pending_review", finishedAt: day(22) },
        { batchId: batch.id, name: "bad-url", status: "failed", lastErrorCode: "image_unreachable", finishedAt: day(21) },
        { batchId: batch.id, name: "bad-image", status: "failed", lastErrorCode: "image_invalid", finishedAt: day(23) },
      ],
    });
    const names = async (filters: ExportFilters) => (JSON.parse((await collect("json", db, pool, batch.id, { filters })).body.toString("utf8")) as { name: string }[]).map((r) => r.name);
    expect(await names({})).toEqual(["ok-20", "ok-22", "bad-url", "bad-image"]);
    expect(await names({ status: "failed" })).toEqual(["bad-url", "bad-image"]);
    expect(await names({ reviewStatus: "approved" })).toEqual(["ok-20"]);
    expect(await names({ status: "failed", errorCode: "image_invalid" })).toEqual(["bad-image"]);
    expect(await names({ from: day(21), to: day(23) })).toEqual(["ok-22", "bad-url"]);
    expect(await names({ status: "cancelled" })).toEqual([]);
  });

  it("a parent exports all its parts, in part order", async () => {
    const records = parse((await collect("csv", db, pool, parentId)).body, { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual(["from part 1", "from part 2"]);
  });

  it("XLSX starts a new sheet past the row limit", async () => {
    const columns = exportColumns({ carriedColumns: [], fields: [], resultKeys: ["caption"], includeRaw: false });
    const cellsFor = (i: number): Record<string, string> => ({ image_id: String(i + 1), caption: JSON.stringify(`c${i}`), status: "succeeded", review_status: "none", attempts: "1" });
    const rows: ExportRow[] = Array.from({ length: 7 }, (_, i) => columns.map((column) => cellsFor(i)[column.header] ?? null));
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (chunks.push(chunk), done()) });
    await writeExport("xlsx", columns, (async function* () { yield rows; })(), sink, { maxRowsPerSheet: 3 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    // 3 rows per sheet including the header: 2 + 2 + 2 + 1 data rows.
    expect(workbook.worksheets.map((sheet) => sheet.rowCount)).toEqual([3, 3, 3, 2]);
    expect(workbook.worksheets.map((sheet) => sheet.getRow(1).getCell(1).value)).toEqual(["image_id", "image_id", "image_id", "image_id"]);
  });

  it("XLSX starts a new sheet before a sheet's XML reaches its byte limit (a ZIP entry stops at 4 GB), at least one row a sheet, no row lost", async () => {
    const columns = [{ header: "text", sql: () => "i.name", value: (text: string | null) => text }];
    // 40 rows of ~2,500 characters: with a 12,000-byte limit (3 bytes a character until flushed) a sheet holds two.
    const wide = (i: number) => `${i}:${"ü".repeat(2500)}`;
    const rows: ExportRow[] = Array.from({ length: 40 }, (_, i) => [wide(i)]);
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (chunks.push(chunk), done()) });
    await writeExport("xlsx", columns, (async function* () { yield rows; })(), sink, { maxSheetBytes: 12_000 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const values = workbook.worksheets.flatMap((sheet) => sheet.getRows(2, sheet.rowCount - 1)?.map((row) => row.getCell(1).value) ?? []);
    expect(values).toEqual(rows.map((row) => row[0]));
    expect(workbook.worksheets.length).toBe(20);
    expect(workbook.worksheets.map((sheet) => sheet.rowCount)).toEqual(Array(20).fill(3));
  });

  it("XLSX cells keep CRs, XML specials, spaces, numbers and booleans; control characters are dropped; every entry's CRC checks out", async () => {
    const columns = [
      { header: "text", sql: () => "i.name", value: (text: string | null) => text },
      { header: "number", sql: () => "i.attempts", value: (text: string | null) => Number(text) },
      { header: "flag", sql: () => "i.cached", value: (text: string | null) => text === "t" },
    ];
    const names = ["a\rb\r\nc", "<tag> & \"quotes\"", "  padded  ", "bell\u0007here", "=1+1"];
    const rows: ExportRow[] = names.map((name, i) => [name, String(i * 1.5), i % 2 === 0 ? "t" : "f"]);
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (chunks.push(chunk), done()) });
    await writeExport("xlsx", columns, (async function* () { yield rows; })(), sink);
    const file = Buffer.concat(chunks);
    const zip = await JSZip.loadAsync(file, { checkCRC32: true });
    expect(Object.keys(zip.files).sort()).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("Results")!;
    expect([2, 3, 4, 5, 6].map((r) => sheet.getRow(r).getCell(1).value)).toEqual(["a\rb\r\nc", "<tag> & \"quotes\"", "  padded  ", "bellhere", "'=1+1"]);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value)).toEqual([0, 1.5, 3]);
    expect([2, 3].map((r) => sheet.getRow(r).getCell(3).value)).toEqual([true, false]);
  });
});

