import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { exportBatch } from "../../lib/export/export-batch";
import { createTestDatabase } from "../helpers/test-database";

// CSV, JSON and JSONL come from PostgreSQL's COPY (lib/export/copy-export-sql.ts): these check what SQL formats.
async function collect(stream: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("export through COPY", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let pool: pg.Pool;
  let oddId: string;
  let bigId: string;
  const BIG = 20_000;

  const exported = async (batchId: string, format: "csv" | "json" | "jsonl") =>
    collect((await exportBatch(db, pool, { batchId, format, filters: {}, includeRaw: false, bom: false })).stream);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const odd = await db.batch.create({ data: { name: "Odd values", totalImages: 4 } });
    oddId = odd.id;
    const results = [
      { list: [null, 2, true, { k: "v" }, ["x"], 'q"uote'], object: { a: 1 }, number: 1.0, negative: -3.5, flag: false, text: "back\\slash \u0001 ctl" },
      { list: ["=first", "b"], object: {}, number: 12345678901234, negative: -0.25, flag: true, text: "+formula" },
      { list: [], object: null, number: 0, negative: -1, flag: null, text: "" },
      { list: ["", "=x"], number: 0.1, text: "ok" },
    ];
    for (const [index, result] of results.entries()) {
      await db.image.create({ data: { batchId: odd.id, rowNumber: index + 1, name: `odd-${index}`, status: "succeeded", result } });
    }
    const big = await db.batch.create({ data: { name: "Big", totalImages: BIG } });
    bigId = big.id;
    await pool.query(
      `INSERT INTO images (batch_id, row_number, name, status, result)
       SELECT $1, n, 'image ' || n || ' ' || repeat('ü', 40), 'succeeded', jsonb_build_object('caption', 'caption, "quoted"' || E'\\n' || n, 'n', n)
       FROM generate_series(1, $2::int) AS n`,
      [big.id, BIG],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.$disconnect();
    await database?.drop();
  });

  it("lists, objects, numbers, booleans and nulls come out as the Node writers format them, in CSV, JSON and JSONL alike", async () => {
    const csv = parse(await exported(oddId, "csv"), { columns: true }) as Record<string, string>[];
    const json = JSON.parse((await exported(oddId, "json")).toString("utf8")) as Record<string, unknown>[];
    const jsonl = (await exported(oddId, "jsonl")).toString("utf8").trim().split("\n").map((line) => JSON.parse(line)) as Record<string, unknown>[];
    expect(jsonl).toEqual(json);
    expect(json[0]).toMatchObject({ list: 'null; 2; true; {"k": "v"}; ["x"]; q"uote', object: '{"a": 1}', number: 1, negative: -3.5, flag: false, text: "back\\slash \u0001 ctl" });
    expect(json[1]).toMatchObject({ list: "=first; b", object: "{}", number: 12345678901234, negative: -0.25, flag: true, text: "+formula" });
    expect(json[2]).toMatchObject({ list: "", object: null, number: 0, negative: -1, flag: null, text: "" });
    expect(json[3]).toMatchObject({ list: "; =x", object: null, number: 0.1, text: "ok" });
    // CSV: the same cells as text, numbers as JavaScript writes them, text that could start a formula neutralised.
    expect(csv[0]).toMatchObject({ list: 'null; 2; true; {"k": "v"}; ["x"]; q"uote', object: '{"a": 1}', number: "1", negative: "-3.5", flag: "false", text: "back\\slash \u0001 ctl" });
    expect(csv[1]).toMatchObject({ list: "'=first; b", number: "12345678901234", negative: "-0.25", flag: "true", text: "'+formula" });
    expect(csv[2]).toMatchObject({ list: "", object: "", number: "0", flag: "", text: "" });
    expect(csv[3]).toMatchObject({ list: "; =x", number: "0.1" });
  });

  it("a large export is whole and in order in every format: JSON's commas and CSV's CRLFs are right across COPY's chunks", async () => {
    const csvBytes = await exported(bigId, "csv");
    const csv = parse(csvBytes, { columns: true }) as Record<string, string>[];
    // Rows end with CRLF (RFC 4180); the LF inside each quoted caption stays as it is.
    expect(csvBytes.toString("utf8").split("\r\n")).toHaveLength(BIG + 2);
    const json = JSON.parse((await exported(bigId, "json")).toString("utf8")) as { name: string; caption: string; n: number }[];
    const jsonl = (await exported(bigId, "jsonl")).toString("utf8").split("\n");
    expect(jsonl.pop()).toBe("");
    expect(csv).toHaveLength(BIG);
    expect(json).toHaveLength(BIG);
    expect(jsonl.map((line) => JSON.parse(line))).toEqual(json);
    expect(json.map((row) => row.n)).toEqual(Array.from({ length: BIG }, (_, i) => i + 1));
    expect(json[BIG - 1]).toMatchObject({ name: `image ${BIG} ${"ü".repeat(40)}`, caption: `caption, "quoted"\n${BIG}` });
    expect(csv[BIG - 1]).toMatchObject({ name: `image ${BIG} ${"ü".repeat(40)}`, caption: `caption, "quoted"\n${BIG}`, n: String(BIG) });
  });

  it("a slow client holds the export back: Node buffers about a megabyte, not the file, and the rest follows when it reads", async () => {
    const file = await exportBatch(db, pool, { batchId: bigId, format: "jsonl", filters: {}, includeRaw: false, bom: false });
    const first = await new Promise<Buffer>((resolve) => file.stream.once("data", (chunk: Buffer) => (file.stream.pause(), resolve(chunk))));
    await sleep(1500);
    // The whole export is about 4 MB; without backpressure it would all be waiting in the stream by now.
    const total = (await exported(bigId, "jsonl")).length;
    expect(total).toBeGreaterThan(3 * 1048576);
    expect(first.length + file.stream.readableLength).toBeLessThan(1.5 * 1048576);
    file.stream.resume();
    const rest = await collect(file.stream);
    expect(first.length + rest.length).toBe(total);
  });

  it("a client that goes away mid-export gives its database connection back, and the next export is whole", async () => {
    const file = await exportBatch(db, pool, { batchId: bigId, format: "csv", filters: {}, includeRaw: false, bom: false });
    await new Promise((resolve) => file.stream.once("data", resolve));
    file.stream.destroy();
    await vi.waitFor(() => expect(pool.totalCount - pool.idleCount).toBe(0), { timeout: 5000 });
    expect(parse(await exported(bigId, "csv"), { columns: true })).toHaveLength(BIG);
  });
});
