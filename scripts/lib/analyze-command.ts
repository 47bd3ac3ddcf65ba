// `npm run loupe -- analyze <images-or-csv…> --template <name> [--mode interactive|batch|auto] [--out results.xlsx|.csv|.json|.jsonl]
// [--wait] [--name <batch name>]`: an HTTP client of a running Loupe (LOUPE_URL, LOUPE_TOKEN) through the typed client.
import { randomUUID } from "node:crypto";
import { createWriteStream, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createLoupeClient, type LoupeClient } from "../../clients/typescript";
import { renderProgress } from "./render-progress";

export const ANALYZE_USAGE = `Usage: LOUPE_URL=http://localhost:3000 LOUPE_TOKEN=loupe_… npm run loupe -- analyze <images, folders or one CSV…> --template <name|id|local>
         [--mode interactive|batch|auto] [--out results.xlsx|.csv|.json|.jsonl] [--wait] [--name <batch name>]
  Uploads the images (or the CSV of image URLs), starts a batch, and with --wait or --out shows its progress until it
  finishes and writes the export. Exits 1 when images failed, 2 on a usage error, 3 when Loupe refused a call.`;

const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff", ".heic"]);
const EXPORT_FORMATS = { ".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".xlsx": "xlsx" } as const;
const FINISHED = new Set(["completed", "completed_with_errors", "cancelled", "failed"]);

class UsageError extends Error {}
class ApiRefused extends Error {}

function refused(what: string, error: unknown): never {
  const body = error as { error?: { code?: string; message?: string } } | undefined;
  throw new ApiRefused(`${what}: ${body?.error?.message ?? JSON.stringify(error)}${body?.error?.code ? ` (${body.error.code})` : ""}`);
}

/** Files named on the command line; a folder stands for the images directly inside it. */
function expandInputs(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    const stat = statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${input} does not exist.`);
    if (!stat.isDirectory()) return [input];
    return readdirSync(input).filter((name) => IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())).sort().map((name) => path.join(input, name));
  });
}

async function templateIdFor(client: LoupeClient, wanted: string): Promise<string> {
  if (wanted === "local") return "local";
  const { data, error } = await client.GET("/templates");
  if (error || !data) refused("Listing templates", error);
  const found = data.templates.find((t) => t.id === wanted || t.name.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new UsageError(`No template is called "${wanted}". Templates: ${data.templates.map((t) => t.name).join(", ")}, or local (offline).`);
  return found.id;
}

async function createBatch(client: LoupeClient, files: string[], fields: { name: string; templateId: string; mode?: string }) {
  // One Idempotency-Key for the create: a retried request never makes a second batch.
  const headers = { "idempotency-key": randomUUID() };
  const csv = files.length === 1 && /\.(csv|tsv|txt)$/i.test(files[0]);
  if (csv) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await readFile(files[0]))]), path.basename(files[0]));
    for (const [key, value] of Object.entries({ batch_name: fields.name, templateId: fields.templateId, mode: fields.mode })) if (value) form.append(key, value);
    const { data, error } = await client.POST("/batches", { body: form as never, bodySerializer: (body: unknown) => body as FormData, headers });
    if (error || !data) refused("Creating the batch", error);
    return data;
  }
  const images = [];
  for (const [index, file] of files.entries()) {
    process.stderr.write(`\rUploading ${index + 1}/${files.length}: ${path.basename(file)}`.padEnd(60));
    const bytes = await readFile(file);
    const { data, error } = await client.POST("/uploads/images", {
      body: bytes as never,
      bodySerializer: (body: unknown) => body as Buffer,
      headers: { "x-file-name": encodeURIComponent(path.basename(file)), "content-type": "application/octet-stream" },
    });
    if (error || !data) refused(`Uploading ${file}`, error);
    images.push(data as { sha256: string; name: string; bytes?: number; mimeType?: string });
  }
  process.stderr.write("\n");
  const { data, error } = await client.POST("/batches", { body: { name: fields.name, templateId: fields.templateId, images, ...(fields.mode ? { mode: fields.mode } : {}) } as never, headers });
  if (error || !data) refused("Creating the batch", error);
  return data;
}

async function waitForBatch(client: LoupeClient, batchId: string, pollMs: number) {
  const started = Date.now();
  for (;;) {
    const { data, error } = await client.GET("/batches/{id}", { params: { path: { id: batchId } } });
    if (error || !data) refused("Reading the batch's progress", error);
    process.stderr.write(renderProgress(data, Date.now() - started, process.stderr.isTTY));
    if (FINISHED.has(data.status)) {
      process.stderr.write("\n");
      return data;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function writeExport(client: LoupeClient, batchId: string, out: string) {
  const format = EXPORT_FORMATS[path.extname(out).toLowerCase() as keyof typeof EXPORT_FORMATS];
  const { response, error } = await client.GET("/batches/{id}/export", { params: { path: { id: batchId }, query: { format } }, parseAs: "stream" });
  if (error || !response.body) refused("Exporting the results", error);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(out));
}

/** Runs the command; answers the exit code. */
export async function runAnalyze(argv: string[], env = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { template: { type: "string" }, mode: { type: "string" }, out: { type: "string" }, wait: { type: "boolean" }, name: { type: "string" } },
    });
    if (!env.LOUPE_URL || !env.LOUPE_TOKEN) throw new UsageError("Set LOUPE_URL (where Loupe runs) and LOUPE_TOKEN (an API token with the write scope, from API tokens).");
    if (positionals.length === 0) throw new UsageError("Name the images, folders or CSV to analyse.");
    if (!values.template) throw new UsageError("Choose a template with --template (a name from Templates, or local for the offline analyzer).");
    if (values.mode && !["interactive", "batch", "auto"].includes(values.mode)) throw new UsageError("--mode must be interactive, batch or auto.");
    if (values.out && !(path.extname(values.out).toLowerCase() in EXPORT_FORMATS)) throw new UsageError("--out must end in .csv, .json, .jsonl or .xlsx.");
    const files = expandInputs(positionals);
    if (files.length === 0) throw new UsageError("No images found in what was named.");

    const client = createLoupeClient(env.LOUPE_URL, env.LOUPE_TOKEN);
    const templateId = await templateIdFor(client, values.template);
    const name = values.name ?? (files.length === 1 ? path.basename(files[0]) : `${files.length} images from the CLI`);
    const created = await createBatch(client, files, { name, templateId, mode: values.mode });
    const batchId = created.parentId ?? created.batches[0].id;
    console.log(`Batch ${batchId}: ${created.batches.reduce((sum, b) => sum + b.totalImages, 0)} images${created.batches.length > 1 ? ` in ${created.batches.length} parts` : ""}. ${env.LOUPE_URL.replace(/\/$/, "")}/batches/${batchId}`);
    if (!values.wait && !values.out) return 0;

    const finished = await waitForBatch(client, batchId, Number(env.LOUPE_POLL_MS ?? 1000));
    if (values.out) {
      await writeExport(client, batchId, values.out);
      console.log(`Results written to ${values.out}.`);
    }
    const { succeeded, failed, cancelled } = finished.counts;
    console.log(`${finished.status}: ${succeeded} succeeded, ${failed} failed, ${cancelled} cancelled.`);
    return failed > 0 || finished.status === "failed" ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(error as Error).message}\n\n${ANALYZE_USAGE}`);
      return 2;
    }
    if (error instanceof ApiRefused) {
      console.error(error.message);
      return 3;
    }
    console.error(`Could not reach Loupe at ${env.LOUPE_URL}: ${(error as Error).message}`);
    return 3;
  }
}
