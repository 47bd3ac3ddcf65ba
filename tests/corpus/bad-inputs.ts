import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The bad-input corpus: hostile and broken inputs for every way data enters Loupe's API (CSV and image uploads, URL
 * lists, JSON bodies, query parameters, form fields, headers). Small inputs are files beside this one; big ones are made
 * here at test time. tests/integration/bad-input.test.ts drives each entry through the real route handler.
 * Broken and hostile ZIPs are tested where ZIPs enter (tests/integration/zip-upload.test.ts, multipart-stream.test.ts), not here.
 */
export type RouteName =
  | "uploads/csv" | "uploads/images" | "batches" | "batches/[id]" | "batches/[id]/images" | "batches/[id]/export" | "batches/[id]/retry-failed"
  | "estimate" | "templates" | "templates/try" | "images/[id]/review" | "review" | "uploads/[id]/report";

export interface CorpusContext {
  /** A batch, a succeeded image in it and a template that exist before every case (they must survive each one). */
  batchId: string;
  imageId: string;
  /** Uploads CSV bytes through the upload route and answers its uploadId (for cases that are about the next step). */
  uploadCsv: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>;
}

export interface CorpusRequest {
  route: RouteName;
  method?: "GET" | "POST";
  /** Path and query after /api/v1/ (the route is chosen by `route`; this only fills request.url). */
  url?: string;
  params?: Record<string, string>;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface BadInput {
  id: string;
  kind: "csv" | "image" | "url" | "json" | "query" | "form" | "header";
  request: (context: CorpusContext) => CorpusRequest | Promise<CorpusRequest>;
  /** reject: a 4xx with `{ error: { code, message } }` (and `code` when given); accept: a 2xx, then `stored` checks the value was kept verbatim. */
  expect: "reject" | "accept";
  code?: string;
  /** For accepted text: strings that must come back exactly as sent (checked by the test from what was stored). */
  verbatim?: string[];
}

const corpusFile = (name: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, name)));
const csv = (name: string, headers: Record<string, string> = {}): ((c: CorpusContext) => CorpusRequest) => () => ({ route: "uploads/csv", body: corpusFile(`csv/${name}`), headers: { "x-file-name": name, ...headers } });
/** An accepted CSV is uploaded, then made into a batch, so what is checked is what the images table keeps. */
const csvBatch = (name: string, mapping: object = { url: "url", name: "name" }) => async (c: CorpusContext): Promise<CorpusRequest> =>
  json("batches", { uploadId: await c.uploadCsv(corpusFile(`csv/${name}`)), mapping })(c);
const image = (name: string, fileName = name): ((c: CorpusContext) => CorpusRequest) => () => ({ route: "uploads/images", body: corpusFile(`images/${name}`), headers: { "x-file-name": encodeURIComponent(fileName) } });
const json = (route: RouteName, body: unknown, extra: Partial<CorpusRequest> = {}): ((c: CorpusContext) => CorpusRequest) => () => ({ route, method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" }, ...extra });
const get = (route: RouteName, url: string, params?: (c: CorpusContext) => Record<string, string>): ((c: CorpusContext) => CorpusRequest) => (c) => ({ route, method: "GET", url, params: params?.(c) });
const urls = (...list: string[]) => json("batches", { urls: list, name: "url corpus" });
const batchNamed = (name: string) => json("batches", { name, urls: ["https://example.com/a.jpg"] });
const template = (overrides: object) => json("templates", { name: `corpus ${Math.random().toString(36).slice(2)}`, instructions: "Describe the image.", fields: [{ name: "caption", type: "string" }], ...overrides });
// Deep JSON is written as text: JSON.stringify itself would run out of stack on it.
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const deepField = (depth: number) => `${'{"name":"level","type":"object","properties":['.repeat(depth)}{"name":"leaf","type":"string"}${"]}".repeat(depth)}`;
const form = (entries: [string, string | Blob][]) => () => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return { route: "templates/try" as const, method: "POST" as const, body: data };
};
const pngBlob = () => new Blob([corpusFile("images/valid.png")], { type: "image/png" });
const byteCsv = (rows: number, tail: string) => new TextEncoder().encode(`url,name\n${"https://example.com/a.jpg,ok\n".repeat(rows)}${tail}`);

const XSS = "<script>alert(1)</script>";
const SQL = "'; DROP TABLE batches; --";
const RTL = "\u202Egpj.exe";
const ZERO_WIDTH = "a\u200Bb\u200Cc\u200Dd\uFEFFe";
const EMOJI = "📷🇩🇪👩🏽‍💻";

export const BAD_INPUTS: BadInput[] = [
  // --- CSV files ---
  { id: "csv: XSS in names", kind: "csv", request: csvBatch("xss-names.csv"), expect: "accept", verbatim: [XSS, "<img src=x onerror=alert(document.cookie)>", "{{constructor.constructor('alert(1)')()}}"] },
  { id: "csv: SQL-looking names", kind: "csv", request: csvBatch("sql-names.csv"), expect: "accept", verbatim: ["'; DROP TABLE images; --", '" OR 1=1 --', "$$; DELETE FROM batches; $$"] },
  { id: "csv: spreadsheet formulas in names", kind: "csv", request: csvBatch("formula-names.csv"), expect: "accept", verbatim: ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"] },
  { id: "csv: UTF-8 BOM", kind: "csv", request: csvBatch("bom-utf8.csv"), expect: "accept", verbatim: ["one", "two"] },
  { id: "csv: UTF-16 with BOM", kind: "csv", request: csv("utf16le.csv"), expect: "reject", code: "csv_binary" },
  { id: "csv: semicolon delimiter", kind: "csv", request: csvBatch("semicolon.csv"), expect: "accept", verbatim: ["one", "two"] },
  { id: "csv: tab delimiter (TSV)", kind: "csv", request: csvBatch("tab.tsv"), expect: "accept", verbatim: ["one", "two"] },
  { id: "csv: pipe delimiter", kind: "csv", request: csvBatch("pipe.csv"), expect: "accept", verbatim: ["one", "two"] },
  { id: "csv: ragged rows", kind: "csv", request: csvBatch("ragged-rows.csv"), expect: "accept" },
  { id: "csv: a PNG sent as CSV", kind: "csv", request: () => ({ route: "uploads/csv", body: corpusFile("images/valid.png"), headers: { "x-file-name": "photo.csv" } }), expect: "reject", code: "csv_binary" },
  { id: "csv: zero bytes", kind: "csv", request: csv("empty.csv"), expect: "reject", code: "csv_empty" },
  { id: "csv: header only", kind: "csv", request: csv("header-only.csv"), expect: "reject", code: "csv_no_rows" },
  { id: "csv: only blank lines", kind: "csv", request: csv("blank-lines.csv"), expect: "reject", code: "csv_empty" },
  { id: "csv: unclosed quote", kind: "csv", request: csv("unclosed-quote.csv"), expect: "reject", code: "csv_malformed" },
  { id: "csv: Latin-1 bytes", kind: "csv", request: csvBatch("latin1.csv"), expect: "accept", verbatim: ["café crème brûlée"] },
  { id: "csv: RTL override, zero-width and RTL scripts", kind: "csv", request: csvBatch("rtl-zero-width.csv"), expect: "accept", verbatim: [RTL, ZERO_WIDTH, "שלום مرحبا"] },
  { id: "csv: emoji, flags, combining marks", kind: "csv", request: csvBatch("emoji.csv"), expect: "accept", verbatim: [EMOJI, "e\u0301\u0301\u0301 Z̷̡̛̖a̵l̶g̸o̶"] },
  { id: "csv: invalid UTF-8 (surrogate bytes)", kind: "csv", request: csvBatch("invalid-utf8.csv"), expect: "accept" },
  { id: "csv: mixed CR, LF and CRLF line ends", kind: "csv", request: csvBatch("crlf-mixed.csv"), expect: "accept", verbatim: ["one", "two"] },
  { id: "csv: 2000 columns", kind: "csv", request: csvBatch("wide-header.csv", { url: "c0" }), expect: "accept" },
  { id: "csv: hostile URL schemes (upload)", kind: "csv", request: csv("hostile-urls.csv"), expect: "accept" },
  { id: "csv: NUL byte after the first 8 KB (the row is refused)", kind: "csv", request: async (c) => json("batches", { uploadId: await c.uploadCsv(byteCsv(400, "https://example.com/b.jpg,nul\u0000here\n")), mapping: { url: "url", name: "name" } })(c), expect: "accept", verbatim: ["the name column contains a NUL character (binary data)"] },
  { id: "csv: hostile URL schemes (batch from the upload)", kind: "csv", request: async (c) => json("batches", { uploadId: await c.uploadCsv(corpusFile("csv/hostile-urls.csv")), mapping: { url: "url", name: "name" } })(c), expect: "reject", code: "csv_no_valid_urls" },
  { id: "csv: one 1.1 MB line", kind: "csv", request: () => ({ route: "uploads/csv", body: new TextEncoder().encode(`url,name\nhttps://example.com/a.jpg,${"x".repeat(1_100_000)}\n`), headers: { "x-file-name": "long.csv" } }), expect: "reject", code: "csv_record_too_large" },
  { id: "csv: over MAX_CSV_MB", kind: "csv", request: () => ({ route: "uploads/csv", body: byteCsv(100_000, ""), headers: { "x-file-name": "big.csv" } }), expect: "reject", code: "csv_too_large" },
  // --- Image files ---
  { id: "image: zero bytes", kind: "image", request: image("empty.jpg"), expect: "reject", code: "image_empty" },
  { id: "image: a text file named .jpg", kind: "image", request: image("text.jpg"), expect: "reject", code: "image_unsupported" },
  { id: "image: truncated JPEG", kind: "image", request: image("truncated.jpg"), expect: "reject", code: "image_invalid" },
  { id: "image: truncated PNG", kind: "image", request: image("truncated.png"), expect: "reject", code: "image_invalid" },
  { id: "image: PNG signature then garbage", kind: "image", request: image("png-garbage.png"), expect: "reject", code: "image_invalid" },
  { id: "image: JPEG marker then garbage", kind: "image", request: image("jpeg-garbage.jpg"), expect: "reject", code: "image_invalid" },
  { id: "image: decompression bomb (PNG 60000×60000)", kind: "image", request: image("bomb-60000x60000.png"), expect: "reject", code: "image_too_large" },
  { id: "image: JPEG claiming 65000×65000", kind: "image", request: image("huge-sof.jpg"), expect: "reject", code: "image_too_large" },
  { id: "image: SVG with script", kind: "image", request: image("svg-script.svg"), expect: "reject", code: "image_unsupported" },
  { id: "image: GIF/JavaScript polyglot", kind: "image", request: image("gif-polyglot.gif"), expect: "reject", code: "image_invalid" },
  { id: "image: TIFF header then garbage", kind: "image", request: image("tiff-garbage.tif"), expect: "reject", code: "image_unsupported" },
  { id: "image: HEIC brand then garbage", kind: "image", request: image("heic-garbage.heic"), expect: "reject" },
  { id: "image: over MAX_UPLOAD_MB", kind: "image", request: () => ({ route: "uploads/images", body: new Uint8Array(1_500_000).fill(0xab), headers: { "x-file-name": "big.png" } }), expect: "reject", code: "image_too_large" },
  // --- Header fields (X-File-Name) ---
  { id: "header: XSS file name", kind: "header", request: image("valid.png", `<img src=x onerror=alert(1)>.png`), expect: "accept", verbatim: ["<img src=x onerror=alert(1)>.png"] },
  { id: "header: path traversal file name", kind: "header", request: image("valid.png", "../../etc/passwd"), expect: "accept", verbatim: ["passwd"] },
  { id: "header: RTL-override file name", kind: "header", request: image("valid.png", `${RTL}.png`), expect: "accept", verbatim: [`${RTL}.png`] },
  { id: "header: broken percent-encoding", kind: "header", request: () => ({ route: "uploads/images", body: corpusFile("images/valid.png"), headers: { "x-file-name": "%E0%A4%A.png" } }), expect: "accept", verbatim: ["%E0%A4%A.png"] },
  { id: "header: NUL and control characters in file name", kind: "header", request: () => ({ route: "uploads/images", body: corpusFile("images/valid.png"), headers: { "x-file-name": "a%00b%07c%0Ad.png" } }), expect: "accept", verbatim: ["abcd.png"] },
  { id: "header: 5000-character file name", kind: "header", request: image("valid.png", `${"n".repeat(5000)}.png`), expect: "accept" },
  // --- URL lists ---
  { id: "url: javascript:", kind: "url", request: urls("javascript:alert(1)"), expect: "reject", code: "invalid_urls" },
  { id: "url: file:", kind: "url", request: urls("file:///etc/passwd"), expect: "reject", code: "invalid_urls" },
  { id: "url: data:", kind: "url", request: urls("data:image/png;base64,iVBORw0KGgo="), expect: "reject", code: "invalid_urls" },
  { id: "url: gopher: and ftp:", kind: "url", request: urls("gopher://example.com/1", "ftp://example.com/a.jpg"), expect: "reject", code: "invalid_urls" },
  { id: "url: user and password", kind: "url", request: urls("http://admin:secret@example.com/a.jpg"), expect: "reject", code: "invalid_urls" },
  { id: "url: 3000 characters", kind: "url", request: urls(`https://example.com/${"a".repeat(3000)}.jpg`), expect: "reject", code: "invalid_urls" },
  { id: "url: only whitespace", kind: "url", request: urls("   \t "), expect: "reject", code: "invalid_urls" },
  { id: "url: NUL in the path", kind: "url", request: urls("https://example.com/a\u0000b.jpg"), expect: "reject", code: "invalid_urls" },
  { id: "url: RTL override and zero-width in the path", kind: "url", request: urls(`https://example.com/${RTL}${ZERO_WIDTH}.jpg`), expect: "accept", verbatim: [`https://example.com/${RTL}${ZERO_WIDTH}.jpg`] },
  { id: "url: IDN host and non-ASCII path", kind: "url", request: urls("https://例え.テスト/画像.jpg"), expect: "accept", verbatim: ["https://例え.テスト/画像.jpg"] },
  { id: "url: cloud metadata address (refused later, at fetch)", kind: "url", request: urls("http://169.254.169.254/latest/meta-data/"), expect: "accept", verbatim: ["http://169.254.169.254/latest/meta-data/"] },
  { id: "url: 100,001 URLs", kind: "url", request: () => json("batches", { urls: Array(100_001).fill("https://example.com/a.jpg") })({} as CorpusContext), expect: "reject", code: "invalid_request" },
  // --- JSON bodies ---
  { id: "json: not JSON", kind: "json", request: json("batches", '{"urls": ['), expect: "reject", code: "invalid_json" },
  { id: "json: empty body", kind: "json", request: json("batches", ""), expect: "reject", code: "invalid_json" },
  { id: "json: null", kind: "json", request: json("batches", "null"), expect: "reject", code: "invalid_request" },
  { id: "json: an array", kind: "json", request: json("batches", "[]"), expect: "reject", code: "invalid_request" },
  { id: "json: urls is a string", kind: "json", request: json("batches", { urls: "https://example.com/a.jpg" }), expect: "reject", code: "invalid_request" },
  { id: "json: urls are numbers", kind: "json", request: json("batches", { urls: [1, 2, 3] }), expect: "reject", code: "invalid_request" },
  { id: "json: operator object as name", kind: "json", request: json("batches", { name: { $ne: null }, urls: ["https://example.com/a.jpg"] }), expect: "reject", code: "invalid_request" },
  { id: "json: nested 20,000 deep", kind: "json", request: json("batches", nested(20_000)), expect: "reject", code: "invalid_request" },
  { id: "json: 5 MB name", kind: "json", request: batchNamed("n".repeat(5_000_000)), expect: "reject", code: "invalid_request" },
  { id: "json: XSS batch name", kind: "json", request: batchNamed(XSS), expect: "accept", verbatim: [XSS] },
  { id: "json: SQL-looking batch name", kind: "json", request: batchNamed(SQL), expect: "accept", verbatim: [SQL] },
  { id: "json: emoji and zero-width batch name", kind: "json", request: batchNamed(`${EMOJI}${ZERO_WIDTH}`), expect: "accept", verbatim: [`${EMOJI}${ZERO_WIDTH}`] },
  { id: "json: NUL in batch name", kind: "json", request: batchNamed("a\u0000b"), expect: "reject", code: "invalid_request" },
  { id: "json: lone surrogate in batch name", kind: "json", request: json("batches", '{"name":"a\\ud800b","urls":["https://example.com/a.jpg"]}'), expect: "reject", code: "invalid_request" },
  { id: "json: NUL in an uploaded image's name", kind: "json", request: json("batches", { images: [{ sha256: "a".repeat(64), name: "x\u0000.png" }] }), expect: "reject", code: "invalid_request" },
  { id: "json: unknown template id", kind: "json", request: json("batches", { urls: ["https://example.com/a.jpg"], templateId: "00000000-0000-4000-8000-000000000000" }), expect: "reject", code: "template_not_found" },
  { id: "json: CSV mapping to a missing upload", kind: "json", request: json("batches", { uploadId: "00000000-0000-4000-8000-000000000000", mapping: { url: "url" } }), expect: "reject", code: "upload_not_found" },
  { id: "json: template with XSS everywhere", kind: "json", request: template({ name: `${XSS} template`, description: XSS, instructions: `${XSS} Describe.` }), expect: "accept", verbatim: [`${XSS} template`] },
  { id: "json: template field named __proto__", kind: "json", request: template({ fields: [{ name: "__proto__", type: "string" }] }), expect: "reject", code: "invalid_request" },
  { id: "json: template fields nested 5000 deep", kind: "json", request: json("templates", `{"name":"deep","instructions":"Describe.","fields":[${deepField(5000)}]}`), expect: "reject", code: "invalid_request" },
  { id: "json: template enum of 10,000 values", kind: "json", request: template({ fields: [{ name: "kind", type: "enum", enumValues: Array.from({ length: 10_000 }, (_, i) => `v${i}`) }] }), expect: "reject", code: "invalid_request" },
  { id: "json: template fields is a string", kind: "json", request: template({ fields: "caption" }), expect: "reject", code: "invalid_request" },
  { id: "json: template with NUL in instructions", kind: "json", request: template({ instructions: "Describe\u0000 it." }), expect: "reject", code: "invalid_request" },
  { id: "json: review decision 'maybe'", kind: "json", request: (c) => json("images/[id]/review", { decision: "maybe" }, { params: { id: c.imageId } })(c), expect: "reject", code: "invalid_request" },
  { id: "json: review result nested 5000 deep", kind: "json", request: (c) => json("images/[id]/review", `{"decision":"approve","result":${nested(5000)}}`, { params: { id: c.imageId } })(c), expect: "reject", code: "invalid_request" },
  { id: "json: review result with NUL text", kind: "json", request: (c) => json("images/[id]/review", { decision: "approve", result: { caption: "a\u0000b" } }, { params: { id: c.imageId } })(c), expect: "reject", code: "invalid_request" },
  { id: "json: review of a 19-digit image id", kind: "json", request: json("images/[id]/review", { decision: "approve" }, { params: { id: "9".repeat(19) } }), expect: "reject", code: "invalid_request" },
  { id: "json: retry-failed with a 10,000-char code", kind: "json", request: (c) => json("batches/[id]/retry-failed", { errorCode: "x".repeat(10_000) }, { params: { id: c.batchId } })(c), expect: "reject", code: "invalid_request" },
  // --- Form fields (try a template) ---
  { id: "form: not multipart", kind: "form", request: json("templates/try", { instructions: "x" }), expect: "reject", code: "invalid_form" },
  { id: "form: no image", kind: "form", request: form([["template", JSON.stringify({ instructions: "x", fields: [{ name: "a", type: "string" }] })]]), expect: "reject", code: "image_missing" },
  { id: "form: template field not JSON", kind: "form", request: form([["image", pngBlob()], ["template", "{not json"]]), expect: "reject", code: "invalid_json" },
  { id: "form: template field is JSON of the wrong shape", kind: "form", request: form([["image", pngBlob()], ["template", "[1,2,3]"]]), expect: "reject", code: "invalid_request" },
  // --- Query parameters ---
  { id: "query: limit=abc", kind: "query", request: get("batches", "batches?limit=abc"), expect: "reject", code: "invalid_request" },
  { id: "query: limit=-1", kind: "query", request: get("batches", "batches?limit=-1"), expect: "reject", code: "invalid_request" },
  { id: "query: status=<script>", kind: "query", request: get("batches", `batches?status=${encodeURIComponent(XSS)}`), expect: "reject", code: "invalid_request" },
  { id: "query: q with SQL", kind: "query", request: get("batches", `batches?q=${encodeURIComponent("' OR 1=1 --")}`), expect: "accept" },
  { id: "query: q with LIKE wildcards", kind: "query", request: get("batches", "batches?q=%25_%25"), expect: "accept" },
  { id: "query: q with NUL", kind: "query", request: get("batches", "batches?q=a%00b"), expect: "reject", code: "invalid_request" },
  { id: "query: garbage cursor", kind: "query", request: get("batches", "batches?cursor=%F0%9F%92%A9not-base64"), expect: "accept" },
  { id: "query: batch id not a uuid", kind: "query", request: get("batches/[id]", "batches/1%27%20OR%201=1", () => ({ id: "1' OR 1=1" })), expect: "reject", code: "invalid_request" },
  { id: "query: images after a number past bigint", kind: "query", request: get("batches/[id]/images", "images?after=99999999999999999999999", (c) => ({ id: c.batchId })), expect: "reject", code: "invalid_request" },
  { id: "query: images errorCode with emoji", kind: "query", request: get("batches/[id]/images", `images?errorCode=${encodeURIComponent(EMOJI)}`, (c) => ({ id: c.batchId })), expect: "accept" },
  { id: "query: export format=exe", kind: "query", request: get("batches/[id]/export", "export?format=exe", (c) => ({ id: c.batchId })), expect: "reject", code: "invalid_request" },
  { id: "query: export from=not-a-date", kind: "query", request: get("batches/[id]/export", "export?format=csv&from=yesterday", (c) => ({ id: c.batchId })), expect: "reject", code: "invalid_request" },
  { id: "query: estimate images=1e999", kind: "query", request: get("estimate", "estimate?images=1e999"), expect: "reject", code: "invalid_request" },
  { id: "query: estimate templateId path", kind: "query", request: get("estimate", "estimate?images=5&templateId=..%2F..%2Fetc"), expect: "reject", code: "invalid_request" },
  { id: "query: review after a number past bigint", kind: "query", request: get("review", "review?after=123456789012345678901234567890"), expect: "reject", code: "invalid_request" },
  { id: "query: report of a path-traversal id", kind: "query", request: get("uploads/[id]/report", "uploads/x/report", () => ({ id: "../../../etc/passwd" })), expect: "reject", code: "not_found" },
];
