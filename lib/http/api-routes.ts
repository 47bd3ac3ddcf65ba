import { z, type ZodType } from "zod";
import { createTokenSchema, createUserSchema, setupSchema, updateUserSchema } from "../auth/schemas";
import type { Role } from "../auth/roles";
import { addKeySchema, updateKeySchema } from "../gemini/manage-keys";
import { estimateQuerySchema } from "../batches/estimate-batch";
import { batchListQuerySchema } from "../batches/list-batches";
import { createBatchSchema, imageListQuerySchema, rerunSchema, retryFailedSchema, updateBatchSchema, updatePrioritySchema } from "../batches/schemas";
import { batchExportQuerySchema } from "../export/schemas";
import { crossBatchExportQuerySchema } from "../export/export-across-batches";
import { reviewDecisionSchema, reviewQueueQuerySchema } from "../review/review-queue";
import { bulkReviewSchema } from "../review/review-in-bulk";
import { reviewRulesSchema } from "../review/review-rules";
import { templateInputSchema } from "../templates/schemas";
import { transformTemplateInputSchema } from "../templates/transform-template-schema";
import { enhanceTemplateInputSchema } from "../templates/enhance-template-schema";
import { tryTemplateSchema } from "../analysis/try-template";
import { compareSchema } from "../analysis/compare-templates";
import { imageInfoQuerySchema } from "../image-info/describe-image";
import { transformJsonSchema } from "../transforms/transform-image";
import { outputPairsQuerySchema } from "../outputs/list-output-pairs";
import { analyzeOptionsSchema } from "../analysis/analyze-one-image";
import { imageUrlSchema } from "../transforms/read-image-input";
import { createWebhookSchema, updateWebhookSchema } from "../webhooks/schemas";
import { analyzeResponse, batchProgressResponse, createdBatchesResponse, createdWebhookResponse, templateListResponse, webhookListResponse, webhookResponse } from "./api-responses";
import { productListQuerySchema } from "../enhance/list-products";
import { bulkProductsResponseSchema, bulkProductsSchema, regenerateSchema, variantReviewSchema } from "../enhance/schemas";

// An analysis template (fields, instructions, call settings) or, with "kind": "transform", a transform's operations.
const templateBodySchema = z.union([templateInputSchema, transformTemplateInputSchema, enhanceTemplateInputSchema]);

export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path under /api/v1, `{id}` for path parameters. */
  path: string;
  summary: string;
  /** Longer text for the OpenAPI document: response fields, multipart fields. */
  description?: string;
  tag: string;
  /** Least role; "public" needs no credentials. */
  role: Role | "public";
  query?: ZodType;
  body?: ZodType;
  /** A raw (streamed) request body of this media type instead of JSON. */
  rawBody?: string;
  /** The JSON answer (and its status, 200 unless said). */
  response?: { status?: number; schema: ZodType };
}

/** Every /api/v1 route: the OpenAPI document is generated from this, and the access test walks it (and checks it is complete). */
const TASK_NOTE = " Answers 200 when it finished within a moment, otherwise 202 with `{ task }` and `Location: /api/v1/tasks/{taskId}` (a job finishes it in chunks; poll the task).";

export const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/batches", summary: "List batches (newest first, keyset pages, filter by status and name)", tag: "Batches", role: "viewer", query: batchListQuerySchema },
  {
    method: "POST",
    path: "/batches",
    summary: "Create batches from image URLs, uploaded images, an uploaded CSV (split into parts) or a bucket prefix (`source`: s3://bucket/prefix/); also multipart/form-data (read as a stream, each file stored as it arrives; at most 10,000 files, else 413 too_many_files; a malformed body is 400 invalid_form) with `images` files, `zip` ZIPs of images (a ZIP among `images` is unpacked too; refused entries are listed in `refusedFiles`) or a `csv` file (seed 000's `file` (an image, a ZIP or a CSV), `files` and `batch_name` are accepted too)",
    description:
      "`mode` chooses how images reach Gemini: `interactive` (calls now, full price, at the keys' quota), `batch` (the Gemini Batch API: half price, Google's target is within 24 h) or `auto` (the Batch API when interactive calls would take longer than GEMINI_AUTO_BATCH_MINUTES or need more than the keys' daily quota; GET /estimate says which it would choose). Left out: GEMINI_DEFAULT_MODE. Multipart takes the same fields as form fields: `-F mode=batch -F budgetUsd=2.50`; `-F file=@urls.csv -F batch_name=\"My Batch\"` (seed 000) names the batch, and a CSV past MAX_BATCH_SIZE becomes \"My Batch — Part 1 of 3\"…. A mode other than these answers 400 naming `mode`; `batch` or `auto` with GEMINI_PROVIDER=vertex answers 400 batch_mode_unavailable. `{\"source\": \"s3://bucket/prefix/\"}` lists the prefix page by page and makes every image key (.jpg .jpeg .png .webp .gif .avif .tif .tiff .heic .heif) an image, read later from the bucket with Loupe's storage credentials and endpoint (no URL is fetched); 400 bucket_import_unavailable without S3 settings, bucket_not_found, bucket_access_denied, bucket_no_images.",
    tag: "Batches",
    role: "analyst",
    body: createBatchSchema,
    response: { status: 201, schema: createdBatchesResponse },
  },
  {
    method: "GET",
    path: "/batches/{id}",
    summary: "A batch's progress: counts, images/min, ETA, tokens, cost, parts, spending cap (budget) and why it paused itself (pause), the day's spend (dailyBudget), its mode and engine, and its remote jobs at Google (remoteJobs)",
    description:
      "`mode`: what the batch was created with (interactive | batch | auto); `engine`: what it runs on (interactive | batch; auto resolved at create, a split upload's parts share the upload's). `remoteJobs` (empty unless engine is batch; a parent: every part's, newest first): `[{ name (batches/…, null before Google has the job), displayName, state (Google's word such as BATCH_STATE_RUNNING, or Loupe's step before the job exists at Google), phase (preparing | uploading | submitting | running | applying | done | cancelling | cancelled | failed | expired), requestCount, succeeded, failed, pending, createdAt, updatedAt, deadlineAt (when Loupe cancels it and its images go on as GEMINI_BATCH_FALLBACK), next (what Loupe does next, for people), lastError }]`. Costs of images answered through the Batch API are at its price.",
    tag: "Batches",
    role: "viewer",
    response: { schema: batchProgressResponse },
  },
  { method: "PATCH", path: "/batches/{id}", summary: "Set, raise or (null) remove the spending cap: {\"budgetUsd\": 5}; a part's is its upload's, shared by all parts. Resume a batch paused at its cap to continue. Or {\"priority\": \"high\" | \"normal\" | \"low\"}: its share of the workers (a part's: its upload's)", tag: "Batches", role: "analyst", body: updateBatchSchema.or(updatePrioritySchema) },
  {
    method: "DELETE",
    path: "/batches/{id}",
    summary: "Delete a batch (a parent: with its parts), its images, results and stored files no other image uses",
    description: "The batch leaves every list and stops at once; its rows and files are removed in chunks (nothing of another batch is touched). 200 `{ deletedBatches, deletedFiles, task }` when that took a moment; otherwise 202 `{ task }` with `Location: /api/v1/tasks/{taskId}`. A second DELETE while it runs answers the same task.",
    tag: "Batches",
    role: "analyst",
  },
  { method: "GET", path: "/batches/{id}/related", summary: "A batch's parent and all parts of a split CSV", tag: "Batches", role: "viewer" },
  { method: "GET", path: "/batches/parent/{id}/status", summary: "A split CSV's aggregated progress with each part's", tag: "Batches", role: "viewer" },
  { method: "GET", path: "/batches/{id}/status", summary: "Seed 000's spelling of GET /batches/{id}: the same answer", tag: "Seed-compatible", role: "viewer", response: { schema: batchProgressResponse } },
  { method: "GET", path: "/batches/related/{id}", summary: "Seed 000's spelling of GET /batches/{id}/related: the same answer", tag: "Seed-compatible", role: "viewer" },
  {
    method: "GET",
    path: "/batch-data/export",
    summary: "Export results across batches as CSV, JSON, JSONL or Excel (streamed), filtered by batch_id (a parent: all its parts), parent_batch_id, status, review_status and since",
    description:
      "Without batch_id or parent_batch_id every batch is read, oldest first. Each row has `batch_id` and `batch_name` after `image_id`, and a column for every field of any of the batches' templates. `since` keeps results finished at or after that time; `status` is the image's (queued, processing, succeeded, failed, cancelled). Loupe's own filter names (reviewStatus, errorCode, from, to, raw, bom) work too.",
    tag: "Seed-compatible",
    role: "analyst",
    query: crossBatchExportQuerySchema,
  },
  { method: "POST", path: "/batches/{id}/pause", summary: "Pause a batch", tag: "Batches", role: "analyst" },
  { method: "POST", path: "/batches/{id}/resume", summary: "Resume a paused batch", tag: "Batches", role: "analyst" },
  { method: "POST", path: "/batches/{id}/cancel", summary: "Cancel a batch (queued images are cancelled)", description: "The batch stops at once; 200 with its progress and `task`." + TASK_NOTE, tag: "Batches", role: "analyst" },
  { method: "POST", path: "/batches/{id}/retry-failed", summary: "Retry every failed image, or only those with one error code", description: "200 `{ retried, task }`." + TASK_NOTE + " The task's `result` is `{ retried }`.", tag: "Batches", role: "analyst", body: retryFailedSchema },
  { method: "POST", path: "/batches/{id}/sync", summary: "A bucket batch (source s3://…): list the prefix again and add only the image keys that are new since the last listing: they fill the last part up to MAX_BATCH_SIZE, then new parts (\"Part N of M\" renamed on every part; a single batch that outgrows it becomes Part 1 of a new parent); a finished batch runs again for them. Answers { batchId (the parent, when there are parts), listed, added }", tag: "Batches", role: "analyst" },
  {
    method: "POST",
    path: "/batches/{id}/rerun",
    summary: "Run the same images again as a new batch, with another template",
    description:
      "The new batch (a parent: one part per part of the original, the same sizes) exists at once as a `draft` with its totals; its images are copied in chunks and it starts once they are all in. 200 `{ parentId, batches, task }` when the copy took a moment; otherwise 202 `{ parentId, batches, task }` with `Location: /api/v1/tasks/{taskId}`. 400 no_images for a batch without images.",
    tag: "Batches",
    role: "analyst",
    body: rerunSchema,
  },
  { method: "GET", path: "/batches/{id}/keys", summary: "Gemini keys that served this batch in the last hour (masked): calls, successes, 429s, latency", tag: "Batches", role: "viewer" },
  { method: "GET", path: "/batches/{id}/images", summary: "A batch's images (keyset pages, filters)", tag: "Images", role: "viewer", query: imageListQuerySchema },
  {
    method: "GET",
    path: "/batches/{id}/export",
    summary: "Export results as CSV, JSON, JSONL or Excel (streamed; a batch with a transform has output_url, output_width, output_height, output_type and output_bytes columns), format=zip: the image outputs as one streamed ZIP (files named after each image's external id or name, deduplicated, with manifest.csv; 409 no_outputs when there are none); with variants=approved (pending, rejected, all) an enhance batch's variants with that verdict only, named sku-v1.png…, 409 no_variants when there are none; or a Shopify product CSV / Google Merchant supplemental feed",
    description:
      "`format=shopify`: a Shopify product CSV that imports back (Handle, Title on each product's first row, Image Src, Image Position, Image Alt Text from the result field `altText` (default: the template's first field), and SEO Title / SEO Description from `seoTitle` / `seoDescription` when given). `format=merchant`: a tab-separated supplemental feed, one row per product: `id` and the attributes of `fields` (attribute:field pairs, e.g. `fields=description:caption,product_highlight:highlights`) from its main image's result. Both use the product id, title and position carried by a Shopify or Merchant import.",
    tag: "Batches",
    role: "analyst",
    query: batchExportQuerySchema,
  },
  {
    method: "GET",
    path: "/estimate",
    summary: "Estimate images, tokens, cost and time before a batch starts, interactively and through the Batch API, and what mode auto would choose",
    description:
      "Interactive: `costUsd`, `minutes` at `imagesPerMinute` (the keys' quotas), `imagesPerDay` (when the batch needs more than a day's quota). Batch API: `batchCostUsd` (half price) and `batchApi: { available, requestsPerJob, jobs, imagesAtOnce (what the projects' enqueued-token room holds: projects × enqueuedTokensPerProject), enqueuedTokensPerProject, projects, rounds (of jobs, each within Google's 24 h target), deadlineHours, fallback }` (null offline). `autoChooses` (interactive | batch) with `autoReason` (offline | over_daily_quota | too_long | quick_enough) against `autoBatchMinutes` (GEMINI_AUTO_BATCH_MINUTES): the same rule a batch created with mode auto follows.",
    tag: "Batches",
    role: "viewer",
    query: estimateQuerySchema,
  },
  { method: "GET", path: "/images/{id}", summary: "One image: status, result, attempts, outputs; an enhance batch's product also its productStatus and variants [{ id, url, status, width, height, generation, position }]", tag: "Images", role: "viewer" },
  { method: "GET", path: "/images/{id}/file", summary: "The image file (uploaded images)", tag: "Images", role: "viewer" },
  { method: "GET", path: "/batches/{id}/outputs", summary: "A batch's transform ({name, operations, beforeAnalysis} or null) and its outputs beside their originals (before / after: type, bytes, width, height and URL of each), oldest first; keyset pages (after, limit, nextCursor)", tag: "Images", role: "viewer", query: outputPairsQuerySchema },
  { method: "GET", path: "/outputs/{id}/file", summary: "An output image (a transform's result) with its Content-Type and a file name from its image (?download=1: as an attachment); listed in GET /images/{id} (outputs) and in exports (output_url)", tag: "Images", role: "viewer" },
  { method: "POST", path: "/images/{id}/retry", summary: "Retry one image", tag: "Images", role: "analyst" },
  {
    method: "POST",
    path: "/products/bulk",
    summary: "Create products in bulk (seed 003): one enhance batch, each product's photo enhanced into N variants by Gemini's image model",
    description:
      "Body `{ templateId (an enhance template), name?, products: [{ sku?, name?, category?, raw_image (URL), mrp?, price?, discount?, gst?, …any other fields }] }` → 201 `{ batchId, created, products: [{ id, sku, status: \"pending\" }] }`. Every field but raw_image is carried to the exports; the SKU names the variant files (`sku-v1.png`). A product is `pending` → `pending_review` when its variants exist → `approved` (one approved) / `rejected` (all rejected), or `blocked` (Google's image safety refused it; the reason in lastErrorMessage). 400 not_an_enhance_template, invalid_raw_image (names the product), enhance_needs_gemini.",
    tag: "Products",
    role: "analyst",
    body: bulkProductsSchema,
    response: { status: 201, schema: bulkProductsResponseSchema },
  },
  { method: "GET", path: "/batches/{id}/products", summary: "An enhance batch's products (keyset pages: cursor, limit ≤ 200; productStatus filter), each with productStatus, the blocked reason, the instruction it was made with, its original's URL and its variants (every generation, newest first)", tag: "Products", role: "viewer", query: productListQuerySchema },
  { method: "POST", path: "/variants/{id}/review", summary: "Approve or reject one variant of a product (its state follows: approved with one approved, rejected when all are)", tag: "Products", role: "reviewer", body: variantReviewSchema },
  { method: "POST", path: "/images/{id}/regenerate", summary: "Regenerate a product's variants: a new generation with the same or an edited instruction (earlier variants and verdicts are kept); 409 product_busy while its variants are being made", tag: "Products", role: "analyst", body: regenerateSchema },
  { method: "POST", path: "/images/{id}/review", summary: "Approve, reject or edit a result", tag: "Review", role: "reviewer", body: reviewDecisionSchema },
  {
    method: "GET",
    path: "/review",
    summary: "The review queue: pending items oldest first, each with why it waits (reviewReason, reviewNote), and byReason counts",
    tag: "Review",
    role: "reviewer",
    query: reviewQueueQuerySchema,
  },
  {
    method: "POST",
    path: "/compare",
    summary: "Compare 2–3 templates, versions or models on the same 5–50 sample images (a batch's first stored ones, or uploaded); nothing is stored",
    description: "Answers `candidates` (each with `totals`: input and output tokens, cost in USD, failed calls; `runnable`: whether a batch can run it as it is) and `images`, each with one cell per candidate: the `result` or the `error`, its tokens and `costUsd`. 409 gemini_not_configured without Gemini; 400 sample_too_small when the batch has fewer than 5 stored images.",
    tag: "Templates",
    role: "analyst",
    body: compareSchema,
  },
  {
    method: "POST",
    path: "/review/bulk",
    summary: "Approve or reject every pending item of a selection (batch, reason, field filters) at once; answers { changed }",
    description: "A selection is required (a batch, a reason or a filter). With `expectedCount`, answers 400 selection_grew when more items match than that, so a person approves what they were shown.",
    tag: "Review",
    role: "reviewer",
    body: bulkReviewSchema,
  },
  {
    method: "PUT",
    path: "/templates/{id}/review-rules",
    summary: "Set a template's review routing: auto-approve by a confidence threshold or two runs' agreement, a random QA sample",
    description: "Applies to results from then on. Answers 400 unknown_field / not_a_number_field when the fields named are not the template's (number) fields.",
    tag: "Review",
    role: "analyst",
    body: reviewRulesSchema,
  },
  { method: "GET", path: "/templates", summary: "List analysis templates, each with its current version's fields and call settings (model, thinking, mediaResolution, maxOutputTokens, and `effective`: what a call sends today)", tag: "Templates", role: "viewer", response: { schema: templateListResponse } },
  { method: "POST", path: "/templates", summary: "Create a template; call settings left out: the server's model, thinking off, default media resolution and output room. 400 unknown_model names the models offered. With \"kind\": \"transform\": a transform template (name, description, operations in the language of POST /transform); a batch with it makes images instead of JSON", tag: "Templates", role: "analyst", body: templateBodySchema },
  { method: "GET", path: "/templates/{id}", summary: "One template with every version (newest first) and each version's call settings", tag: "Templates", role: "viewer" },
  { method: "PUT", path: "/templates/{id}", summary: "Edit a template: creates a new version, also when only the call settings change; settings left out are kept. A template keeps its kind (400 template_kind_mismatch)", tag: "Templates", role: "analyst", body: templateBodySchema },
  {
    method: "POST",
    path: "/templates/try",
    summary:
      "Try a (possibly unsaved) template with its call settings on a sample image (multipart/form-data: `image` file, `template` JSON of this schema). Answers the result, the tokens billed (inputTokens, outputTokens incl. thoughtsTokens, cachedTokens), costUsd, durationMs, the settings and generationConfig sent, and Loupe's estimate. 422 model_not_found / unsupported_request / region_unsupported say what to change",
    tag: "Templates",
    role: "analyst",
    body: tryTemplateSchema,
  },
  {
    method: "POST",
    path: "/analyze/url",
    summary: "Seed 002: analyse the image at image_url now (one call through the key pool and the result cache) and answer its objects with boxes",
    description:
      "Answers `{ request_id, timestamp, detected_objects: [{ object_id, name, confidence, bounding_box: { x, y, width, height } (fractions of the image) }], image_metadata: { width, height, format, size_bytes, color_space, channels, has_alpha } (unless include_metadata is false), processing_time_ms, confidence_threshold, total_objects_detected, result (the template's fields), template: { id, name, version } | null, model, cached, usage: { input_tokens, output_tokens, thoughts_tokens, cost_usd } }`. confidence_threshold: low (0.25), medium (0.5, the default), high (0.75) or 0–1; max_objects 1–1000 (100) keeps the most confident. templateId: any template (its boxes, if it has any, become detected_objects), or \"local\" for the offline analyzer (its measurements, and the faces it finds as detected_objects named \"face\"; no other objects offline); left out: the built-in Object detection with Gemini, the offline analyzer without keys. The image is fetched as batches fetch images (a file: URL or a private address is a 400 image_url_refused unless FETCH_ALLOWLIST names it). Counted in usage (api_analyses) and the day's spend; 429 daily_budget_reached when GEMINI_DAILY_BUDGET_USD is spent.",
    tag: "Seed-compatible",
    role: "analyst",
    body: analyzeOptionsSchema.extend({ image_url: imageUrlSchema }),
    response: { schema: analyzeResponse },
  },
  {
    method: "POST",
    path: "/analyze/upload",
    summary: "Seed 002: analyse an uploaded image now (multipart/form-data: `image` file, `confidence_threshold`, `max_objects`, `include_metadata`, `templateId` fields); the same answer as /analyze/url",
    tag: "Seed-compatible",
    role: "analyst",
    response: { schema: analyzeResponse },
  },
  {
    method: "POST",
    path: "/transform",
    summary: "Transform one image with sharp (resize, crop, rotate, filters, format…): multipart/form-data (`image` file, `operations` JSON text) or JSON {image_url, operations}; answers the image's bytes",
    description:
      "The answer is the transformed image itself with its Content-Type (image/webp, …), Content-Disposition (the input's name with the new extension), X-Image-Width and X-Image-Height. `operations` run in list order. Errors: 400 invalid_operations naming the operation and field (`operations[2].sigma must be between 0.3 and 1000`), a format sharp cannot write (bmp…) naming those it can, a crop outside the image; 413 when the input is over MAX_UPLOAD_MB or 100 MP, or a step would make more than 50 MP, a side over 16,384 px or a result over 64 MB; 415 for a file that is not an image; image_url is fetched as batches fetch (private addresses refused unless FETCH_ALLOWLIST names them). No Gemini key needed.",
    tag: "Image operations",
    role: "analyst",
    body: transformJsonSchema,
  },
  {
    method: "GET",
    path: "/image-info",
    summary: "Describe the image at ?url= offline: size, format, colour space, EXIF summary, dominant colours, brightness, contrast, sharpness, perceptual hashes; with ocr=1 the text found (Tesseract, English); with faces=1 the faces (face-api's SSD MobileNet v1)",
    description:
      "Answers `{ width, height, format, mimeType, bytes, colorSpace, channels, bitDepth, hasAlpha, transparent, density, hasIccProfile, exif: { make, model, lens, software, takenAt, exposureTime, exposure, fNumber, iso, focalLengthMm, flashFired, orientation, gps: { latitude, longitude, altitudeM } | null } | null, dominantColors: [{ hex, share }], brightness (0–1), contrast, sharpness, blurry, perceptualHash: { dHash, pHash }, text?: { text, confidence (0–1), words: [{ text, confidence, box: { left, top, width, height } }], durationMs }, faces?: [{ box: { x, y, width, height } (fractions of the image), confidence (0–1) }] (left to right, confidence at least 0.5), faceDetection?: { durationMs } }`. No Gemini key needed. One OCR and one face detection run at a time per process; finding a photo's faces takes about 0.3–0.5 s here. Objects other than faces are not detected offline: use a Gemini template (the built-in Object detection).",
    tag: "Image operations",
    role: "viewer",
    query: imageInfoQuerySchema,
  },
  {
    method: "POST",
    path: "/image-info",
    summary: "Describe an uploaded image offline (multipart/form-data: `image` file; `ocr=1` and `faces=1` as fields or query parameters): the same answer as GET /image-info",
    tag: "Image operations",
    role: "viewer",
  },
  { method: "GET", path: "/models", summary: "The Gemini model catalogue for templates: prices per 1M tokens (GEMINI_PRICES applied), thinking ranges, tokens of a typical photo at each media resolution, the server's default model", tag: "Templates", role: "viewer" },
  { method: "POST", path: "/uploads/csv", summary: "Upload a CSV/TSV of image URLs (raw body, X-File-Name header); answers a preview and suggested mapping", tag: "Uploads", role: "analyst", rawBody: "text/csv" },
  { method: "POST", path: "/uploads/images", summary: "Upload one image (raw body, X-File-Name header)", tag: "Uploads", role: "analyst", rawBody: "application/octet-stream" },
  { method: "POST", path: "/uploads/zip", summary: "Upload a ZIP of images (raw body, X-File-Name header); answers the images kept and why others were refused", tag: "Uploads", role: "analyst", rawBody: "application/zip" },
  { method: "GET", path: "/uploads/{id}/report", summary: "The CSV validation report of an upload (rows skipped and why)", tag: "Uploads", role: "viewer" },
  { method: "GET", path: "/webhooks", summary: "Webhook endpoints (url, events, description, enabled); secrets are never listed", tag: "Webhooks", role: "analyst", response: { schema: webhookListResponse } },
  {
    method: "POST",
    path: "/webhooks",
    summary: "Add a webhook endpoint: 201 with its id and signing `secret` (whsec_…, in this answer only)",
    description:
      "Events: batch.completed, batch.cancelled, batch.paused, parent.completed, export.ready. Each is POSTed as `{ type, timestamp, data }` with the Standard Webhooks headers webhook-id (the same on every retry), webhook-timestamp and webhook-signature (`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">` under the base64 after whsec_). A non-2xx answer or no answer within WEBHOOK_TIMEOUT_MS is retried after WEBHOOK_RETRY_BASE_MS, doubling (at most 6 h), for at least a day. A private or reserved address is a 400 webhook_url_refused unless WEBHOOK_ALLOWLIST names it.",
    tag: "Webhooks",
    role: "analyst",
    body: createWebhookSchema,
    response: { status: 201, schema: createdWebhookResponse },
  },
  { method: "GET", path: "/webhooks/{id}", summary: "One webhook endpoint", tag: "Webhooks", role: "analyst", response: { schema: webhookResponse } },
  { method: "PATCH", path: "/webhooks/{id}", summary: "Change a webhook's url, events, description or enabled (the secret stays)", tag: "Webhooks", role: "analyst", body: updateWebhookSchema , response: { schema: webhookResponse } },
  { method: "DELETE", path: "/webhooks/{id}", summary: "Delete a webhook endpoint with its deliveries", tag: "Webhooks", role: "analyst" },
  { method: "GET", path: "/webhooks/{id}/deliveries", summary: "The endpoint's newest 50 deliveries, each with its body and every attempt (status code, start of the answer, error, duration)", tag: "Webhooks", role: "analyst" },
  { method: "POST", path: "/webhooks/{id}/deliveries/{deliveryId}/redeliver", summary: "Send a delivery again now (same webhook-id and body): 202", tag: "Webhooks", role: "analyst" },
  { method: "GET", path: "/me", summary: "Who the credentials belong to", tag: "Account", role: "viewer" },
  { method: "GET", path: "/tokens", summary: "Your API tokens (signed-in session only)", tag: "Account", role: "viewer" },
  { method: "POST", path: "/tokens", summary: "Create an API token; the value is in this response only (signed-in session only)", tag: "Account", role: "viewer", body: createTokenSchema },
  { method: "DELETE", path: "/tokens/{id}", summary: "Revoke an API token (signed-in session only)", tag: "Account", role: "viewer" },
  { method: "GET", path: "/admin/status", summary: "System status: database, jobs, workers, throughput, key pool, errors", tag: "Admin", role: "admin" },
  { method: "GET", path: "/admin/users", summary: "List users", tag: "Admin", role: "admin" },
  { method: "POST", path: "/admin/users", summary: "Create a user", tag: "Admin", role: "admin", body: createUserSchema },
  { method: "PATCH", path: "/admin/users/{id}", summary: "Change a user's role, name, password or active state", tag: "Admin", role: "admin", body: updateUserSchema },
  { method: "POST", path: "/admin/keys", summary: "Add a Gemini API key to the pool (stored encrypted)", tag: "Admin", role: "admin", body: addKeySchema },
  { method: "PATCH", path: "/admin/keys/{id}", summary: "Disable or enable a Gemini key", tag: "Admin", role: "admin", body: updateKeySchema },
  { method: "DELETE", path: "/admin/keys/{id}", summary: "Remove a Gemini key added by an admin", tag: "Admin", role: "admin" },
  { method: "GET", path: "/admin/audit", summary: "The audit log (newest first)", tag: "Admin", role: "admin" },
  { method: "POST", path: "/setup", summary: "First run only: create the first admin", tag: "Account", role: "public", body: setupSchema },
  {
    method: "POST",
    path: "/batches/{id}/unreachable-hosts/fail",
    summary: "Fail now the batch's queued images on an unreachable host (its breaker is open) instead of waiting for it",
    description: "Body `{ host }` (as in `unreachableHosts[].host` of GET /batches/{id}: `{ host, state (open | probing), since, retryAt, lastError, waiting, waitingAtLeast }`). 200 `{ failed, host, task }`." + TASK_NOTE,
    tag: "Batches",
    role: "analyst",
    body: z.object({ host: z.string() }),
  },
  {
    method: "GET",
    path: "/tasks/{id}",
    summary: "A long operation that answered 202 (delete, cancel, retry of a large batch): its status, progress and result",
    description:
      "`{ id, kind (batch.delete | batch.cancel | batch.retry_failed | …), status (queued | running | succeeded | failed), target: { type, id } | null, progress: { done, total (null: unknown), percent }, result (when succeeded: what the operation answers with 200), error: { code, message } | null, createdById, createdAt, startedAt, finishedAt, updatedAt }`. A task survives restarts: another process continues it where it stopped.",
    tag: "Tasks",
    role: "viewer",
  },
  { method: "GET", path: "/openapi.json", summary: "This document", tag: "Meta", role: "public" },
];
