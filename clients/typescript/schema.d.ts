// Generated from Loupe's OpenAPI document (lib/http/build-openapi.ts) by `npm run client:generate`: do not edit.
// tests/unit/typed-client.test.ts fails when this file and the document differ.

export interface paths {
    "/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log (newest first) */
        get: operations["getAdminAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a Gemini API key to the pool (stored encrypted) */
        post: operations["postAdminKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a Gemini key added by an admin */
        delete: operations["deleteAdminKeysId"];
        options?: never;
        head?: never;
        /** Disable or enable a Gemini key */
        patch: operations["patchAdminKeysId"];
        trace?: never;
    };
    "/admin/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** System status: database, jobs, workers, throughput, key pool, errors */
        get: operations["getAdminStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: operations["getAdminUsers"];
        put?: never;
        /** Create a user */
        post: operations["postAdminUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role, name, password or active state */
        patch: operations["patchAdminUsersId"];
        trace?: never;
    };
    "/analyze/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Seed 002: analyse an uploaded image now (multipart/form-data: `image` file, `confidence_threshold`, `max_objects`, `include_metadata`, `templateId` fields); the same answer as /analyze/url */
        post: operations["postAnalyzeUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analyze/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Seed 002: analyse the image at image_url now (one call through the key pool and the result cache) and answer its objects with boxes
         * @description Answers `{ request_id, timestamp, detected_objects: [{ object_id, name, confidence, bounding_box: { x, y, width, height } (fractions of the image) }], image_metadata: { width, height, format, size_bytes, color_space, channels, has_alpha } (unless include_metadata is false), processing_time_ms, confidence_threshold, total_objects_detected, result (the template's fields), template: { id, name, version } | null, model, cached, usage: { input_tokens, output_tokens, thoughts_tokens, cost_usd } }`. confidence_threshold: low (0.25), medium (0.5, the default), high (0.75) or 0–1; max_objects 1–1000 (100) keeps the most confident. templateId: any template (its boxes, if it has any, become detected_objects), or "local" for the offline analyzer (its measurements, and the faces it finds as detected_objects named "face"; no other objects offline); left out: the built-in Object detection with Gemini, the offline analyzer without keys. The image is fetched as batches fetch images (a file: URL or a private address is a 400 image_url_refused unless FETCH_ALLOWLIST names it). Counted in usage (api_analyses) and the day's spend; 429 daily_budget_reached when GEMINI_DAILY_BUDGET_USD is spent.
         */
        post: operations["postAnalyzeUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-data/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export results across batches as CSV, JSON, JSONL or Excel (streamed), filtered by batch_id (a parent: all its parts), parent_batch_id, status, review_status and since
         * @description Without batch_id or parent_batch_id every batch is read, oldest first. Each row has `batch_id` and `batch_name` after `image_id`, and a column for every field of any of the batches' templates. `since` keeps results finished at or after that time; `status` is the image's (queued, processing, succeeded, failed, cancelled). Loupe's own filter names (reviewStatus, errorCode, from, to, raw, bom) work too.
         */
        get: operations["getBatchDataExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List batches (newest first, keyset pages, filter by status and name) */
        get: operations["getBatches"];
        put?: never;
        /**
         * Create batches from image URLs, uploaded images, an uploaded CSV (split into parts) or a bucket prefix (`source`: s3://bucket/prefix/); also multipart/form-data (read as a stream, each file stored as it arrives; at most 10,000 files, else 413 too_many_files; a malformed body is 400 invalid_form) with `images` files, `zip` ZIPs of images (a ZIP among `images` is unpacked too; refused entries are listed in `refusedFiles`) or a `csv` file (seed 000's `file` (an image, a ZIP or a CSV), `files` and `batch_name` are accepted too)
         * @description `mode` chooses how images reach Gemini: `interactive` (calls now, full price, at the keys' quota), `batch` (the Gemini Batch API: half price, Google's target is within 24 h) or `auto` (the Batch API when interactive calls would take longer than GEMINI_AUTO_BATCH_MINUTES or need more than the keys' daily quota; GET /estimate says which it would choose). Left out: GEMINI_DEFAULT_MODE. Multipart takes the same fields as form fields: `-F mode=batch -F budgetUsd=2.50`; `-F file=@urls.csv -F batch_name="My Batch"` (seed 000) names the batch, and a CSV past MAX_BATCH_SIZE becomes "My Batch — Part 1 of 3"…. A mode other than these answers 400 naming `mode`; `batch` or `auto` with GEMINI_PROVIDER=vertex answers 400 batch_mode_unavailable. `{"source": "s3://bucket/prefix/"}` lists the prefix page by page and makes every image key (.jpg .jpeg .png .webp .gif .avif .tif .tiff .heic .heif) an image, read later from the bucket with Loupe's storage credentials and endpoint (no URL is fetched); 400 bucket_import_unavailable without S3 settings, bucket_not_found, bucket_access_denied, bucket_no_images.
         */
        post: operations["postBatches"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch's progress: counts, images/min, ETA, tokens, cost, parts, spending cap (budget) and why it paused itself (pause), the day's spend (dailyBudget), its mode and engine, and its remote jobs at Google (remoteJobs)
         * @description `mode`: what the batch was created with (interactive | batch | auto); `engine`: what it runs on (interactive | batch; auto resolved at create, a split upload's parts share the upload's). `remoteJobs` (empty unless engine is batch; a parent: every part's, newest first): `[{ name (batches/…, null before Google has the job), displayName, state (Google's word such as BATCH_STATE_RUNNING, or Loupe's step before the job exists at Google), phase (preparing | uploading | submitting | running | applying | done | cancelling | cancelled | failed | expired), requestCount, succeeded, failed, pending, createdAt, updatedAt, deadlineAt (when Loupe cancels it and its images go on as GEMINI_BATCH_FALLBACK), next (what Loupe does next, for people), lastError }]`. Costs of images answered through the Batch API are at its price.
         */
        get: operations["getBatchesId"];
        put?: never;
        post?: never;
        /**
         * Delete a batch (a parent: with its parts), its images, results and stored files no other image uses
         * @description The batch leaves every list and stops at once; its rows and files are removed in chunks (nothing of another batch is touched). 200 `{ deletedBatches, deletedFiles, task }` when that took a moment; otherwise 202 `{ task }` with `Location: /api/v1/tasks/{taskId}`. A second DELETE while it runs answers the same task.
         */
        delete: operations["deleteBatchesId"];
        options?: never;
        head?: never;
        /** Set, raise or (null) remove the spending cap: {"budgetUsd": 5}; a part's is its upload's, shared by all parts. Resume a batch paused at its cap to continue. Or {"priority": "high" | "normal" | "low"}: its share of the workers (a part's: its upload's) */
        patch: operations["patchBatchesId"];
        trace?: never;
    };
    "/batches/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a batch (queued images are cancelled)
         * @description The batch stops at once; 200 with its progress and `task`. Answers 200 when it finished within a moment, otherwise 202 with `{ task }` and `Location: /api/v1/tasks/{taskId}` (a job finishes it in chunks; poll the task).
         */
        post: operations["postBatchesIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export results as CSV, JSON, JSONL or Excel (streamed; a batch with a transform has output_url, output_width, output_height, output_type and output_bytes columns), format=zip: the image outputs as one streamed ZIP (files named after each image's external id or name, deduplicated, with manifest.csv; 409 no_outputs when there are none); with variants=approved (pending, rejected, all) an enhance batch's variants with that verdict only, named sku-v1.png…, 409 no_variants when there are none; or a Shopify product CSV / Google Merchant supplemental feed
         * @description `format=shopify`: a Shopify product CSV that imports back (Handle, Title on each product's first row, Image Src, Image Position, Image Alt Text from the result field `altText` (default: the template's first field), and SEO Title / SEO Description from `seoTitle` / `seoDescription` when given). `format=merchant`: a tab-separated supplemental feed, one row per product: `id` and the attributes of `fields` (attribute:field pairs, e.g. `fields=description:caption,product_highlight:highlights`) from its main image's result. Both use the product id, title and position carried by a Shopify or Merchant import.
         */
        get: operations["getBatchesIdExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch's images (keyset pages, filters) */
        get: operations["getBatchesIdImages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gemini keys that served this batch in the last hour (masked): calls, successes, 429s, latency */
        get: operations["getBatchesIdKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch's transform ({name, operations, beforeAnalysis} or null) and its outputs beside their originals (before / after: type, bytes, width, height and URL of each), oldest first; keyset pages (after, limit, nextCursor) */
        get: operations["getBatchesIdOutputs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a batch */
        post: operations["postBatchesIdPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An enhance batch's products (keyset pages: cursor, limit ≤ 200; productStatus filter), each with productStatus, the blocked reason, the instruction it was made with, its original's URL and its variants (every generation, newest first) */
        get: operations["getBatchesIdProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/related": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch's parent and all parts of a split CSV */
        get: operations["getBatchesIdRelated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the same images again as a new batch, with another template
         * @description The new batch (a parent: one part per part of the original, the same sizes) exists at once as a `draft` with its totals; its images are copied in chunks and it starts once they are all in. 200 `{ parentId, batches, task }` when the copy took a moment; otherwise 202 `{ parentId, batches, task }` with `Location: /api/v1/tasks/{taskId}`. 400 no_images for a batch without images.
         */
        post: operations["postBatchesIdRerun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused batch */
        post: operations["postBatchesIdResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry every failed image, or only those with one error code
         * @description 200 `{ retried, task }`. Answers 200 when it finished within a moment, otherwise 202 with `{ task }` and `Location: /api/v1/tasks/{taskId}` (a job finishes it in chunks; poll the task). The task's `result` is `{ retried }`.
         */
        post: operations["postBatchesIdRetryFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Seed 000's spelling of GET /batches/{id}: the same answer */
        get: operations["getBatchesIdStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bucket batch (source s3://…): list the prefix again and add only the image keys that are new since the last listing: they fill the last part up to MAX_BATCH_SIZE, then new parts ("Part N of M" renamed on every part; a single batch that outgrows it becomes Part 1 of a new parent); a finished batch runs again for them. Answers { batchId (the parent, when there are parts), listed, added } */
        post: operations["postBatchesIdSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/{id}/unreachable-hosts/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fail now the batch's queued images on an unreachable host (its breaker is open) instead of waiting for it
         * @description Body `{ host }` (as in `unreachableHosts[].host` of GET /batches/{id}: `{ host, state (open | probing), since, retryAt, lastError, waiting, waitingAtLeast }`). 200 `{ failed, host, task }`. Answers 200 when it finished within a moment, otherwise 202 with `{ task }` and `Location: /api/v1/tasks/{taskId}` (a job finishes it in chunks; poll the task).
         */
        post: operations["postBatchesIdUnreachableHostsFail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/parent/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A split CSV's aggregated progress with each part's */
        get: operations["getBatchesParentIdStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batches/related/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Seed 000's spelling of GET /batches/{id}/related: the same answer */
        get: operations["getBatchesRelatedId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare 2–3 templates, versions or models on the same 5–50 sample images (a batch's first stored ones, or uploaded); nothing is stored
         * @description Answers `candidates` (each with `totals`: input and output tokens, cost in USD, failed calls; `runnable`: whether a batch can run it as it is) and `images`, each with one cell per candidate: the `result` or the `error`, its tokens and `costUsd`. 409 gemini_not_configured without Gemini; 400 sample_too_small when the batch has fewer than 5 stored images.
         */
        post: operations["postCompare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/estimate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Estimate images, tokens, cost and time before a batch starts, interactively and through the Batch API, and what mode auto would choose
         * @description Interactive: `costUsd`, `minutes` at `imagesPerMinute` (the keys' quotas), `imagesPerDay` (when the batch needs more than a day's quota). Batch API: `batchCostUsd` (half price) and `batchApi: { available, requestsPerJob, jobs, imagesAtOnce (what the projects' enqueued-token room holds: projects × enqueuedTokensPerProject), enqueuedTokensPerProject, projects, rounds (of jobs, each within Google's 24 h target), deadlineHours, fallback }` (null offline). `autoChooses` (interactive | batch) with `autoReason` (offline | over_daily_quota | too_long | quick_enough) against `autoBatchMinutes` (GEMINI_AUTO_BATCH_MINUTES): the same rule a batch created with mode auto follows.
         */
        get: operations["getEstimate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/image-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe the image at ?url= offline: size, format, colour space, EXIF summary, dominant colours, brightness, contrast, sharpness, perceptual hashes; with ocr=1 the text found (Tesseract, English); with faces=1 the faces (face-api's SSD MobileNet v1)
         * @description Answers `{ width, height, format, mimeType, bytes, colorSpace, channels, bitDepth, hasAlpha, transparent, density, hasIccProfile, exif: { make, model, lens, software, takenAt, exposureTime, exposure, fNumber, iso, focalLengthMm, flashFired, orientation, gps: { latitude, longitude, altitudeM } | null } | null, dominantColors: [{ hex, share }], brightness (0–1), contrast, sharpness, blurry, perceptualHash: { dHash, pHash }, text?: { text, confidence (0–1), words: [{ text, confidence, box: { left, top, width, height } }], durationMs }, faces?: [{ box: { x, y, width, height } (fractions of the image), confidence (0–1) }] (left to right, confidence at least 0.5), faceDetection?: { durationMs } }`. No Gemini key needed. One OCR and one face detection run at a time per process; finding a photo's faces takes about 0.3–0.5 s here. Objects other than faces are not detected offline: use a Gemini template (the built-in Object detection).
         */
        get: operations["getImageInfo"];
        put?: never;
        /** Describe an uploaded image offline (multipart/form-data: `image` file; `ocr=1` and `faces=1` as fields or query parameters): the same answer as GET /image-info */
        post: operations["postImageInfo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One image: status, result, attempts, outputs; an enhance batch's product also its productStatus and variants [{ id, url, status, width, height, generation, position }] */
        get: operations["getImagesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The image file (uploaded images) */
        get: operations["getImagesIdFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Regenerate a product's variants: a new generation with the same or an edited instruction (earlier variants and verdicts are kept); 409 product_busy while its variants are being made */
        post: operations["postImagesIdRegenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry one image */
        post: operations["postImagesIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve, reject or edit a result */
        post: operations["postImagesIdReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the credentials belong to */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Gemini model catalogue for templates: prices per 1M tokens (GEMINI_PRICES applied), thinking ranges, tokens of a typical photo at each media resolution, the server's default model */
        get: operations["getModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/outputs/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An output image (a transform's result) with its Content-Type and a file name from its image (?download=1: as an attachment); listed in GET /images/{id} (outputs) and in exports (output_url) */
        get: operations["getOutputsIdFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create products in bulk (seed 003): one enhance batch, each product's photo enhanced into N variants by Gemini's image model
         * @description Body `{ templateId (an enhance template), name?, products: [{ sku?, name?, category?, raw_image (URL), mrp?, price?, discount?, gst?, …any other fields }] }` → 201 `{ batchId, created, products: [{ id, sku, status: "pending" }] }`. Every field but raw_image is carried to the exports; the SKU names the variant files (`sku-v1.png`). A product is `pending` → `pending_review` when its variants exist → `approved` (one approved) / `rejected` (all rejected), or `blocked` (Google's image safety refused it; the reason in lastErrorMessage). 400 not_an_enhance_template, invalid_raw_image (names the product), enhance_needs_gemini.
         */
        post: operations["postProductsBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review queue: pending items oldest first, each with why it waits (reviewReason, reviewNote), and byReason counts */
        get: operations["getReview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/review/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject every pending item of a selection (batch, reason, field filters) at once; answers { changed }
         * @description A selection is required (a batch, a reason or a filter). With `expectedCount`, answers 400 selection_grew when more items match than that, so a person approves what they were shown.
         */
        post: operations["postReviewBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** First run only: create the first admin */
        post: operations["postSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A long operation that answered 202 (delete, cancel, retry of a large batch): its status, progress and result
         * @description `{ id, kind (batch.delete | batch.cancel | batch.retry_failed | …), status (queued | running | succeeded | failed), target: { type, id } | null, progress: { done, total (null: unknown), percent }, result (when succeeded: what the operation answers with 200), error: { code, message } | null, createdById, createdAt, startedAt, finishedAt, updatedAt }`. A task survives restarts: another process continues it where it stopped.
         */
        get: operations["getTasksId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List analysis templates, each with its current version's fields and call settings (model, thinking, mediaResolution, maxOutputTokens, and `effective`: what a call sends today) */
        get: operations["getTemplates"];
        put?: never;
        /** Create a template; call settings left out: the server's model, thinking off, default media resolution and output room. 400 unknown_model names the models offered. With "kind": "transform": a transform template (name, description, operations in the language of POST /transform); a batch with it makes images instead of JSON */
        post: operations["postTemplates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One template with every version (newest first) and each version's call settings */
        get: operations["getTemplatesId"];
        /** Edit a template: creates a new version, also when only the call settings change; settings left out are kept. A template keeps its kind (400 template_kind_mismatch) */
        put: operations["putTemplatesId"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{id}/review-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a template's review routing: auto-approve by a confidence threshold or two runs' agreement, a random QA sample
         * @description Applies to results from then on. Answers 400 unknown_field / not_a_number_field when the fields named are not the template's (number) fields.
         */
        put: operations["putTemplatesIdReviewRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/try": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try a (possibly unsaved) template with its call settings on a sample image (multipart/form-data: `image` file, `template` JSON of this schema). Answers the result, the tokens billed (inputTokens, outputTokens incl. thoughtsTokens, cachedTokens), costUsd, durationMs, the settings and generationConfig sent, and Loupe's estimate. 422 model_not_found / unsupported_request / region_unsupported say what to change */
        post: operations["postTemplatesTry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens (signed-in session only) */
        get: operations["getTokens"];
        put?: never;
        /** Create an API token; the value is in this response only (signed-in session only) */
        post: operations["postTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (signed-in session only) */
        delete: operations["deleteTokensId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transform one image with sharp (resize, crop, rotate, filters, format…): multipart/form-data (`image` file, `operations` JSON text) or JSON {image_url, operations}; answers the image's bytes
         * @description The answer is the transformed image itself with its Content-Type (image/webp, …), Content-Disposition (the input's name with the new extension), X-Image-Width and X-Image-Height. `operations` run in list order. Errors: 400 invalid_operations naming the operation and field (`operations[2].sigma must be between 0.3 and 1000`), a format sharp cannot write (bmp…) naming those it can, a crop outside the image; 413 when the input is over MAX_UPLOAD_MB or 100 MP, or a step would make more than 50 MP, a side over 16,384 px or a result over 64 MB; 415 for a file that is not an image; image_url is fetched as batches fetch (private addresses refused unless FETCH_ALLOWLIST names them). No Gemini key needed.
         */
        post: operations["postTransform"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The CSV validation report of an upload (rows skipped and why) */
        get: operations["getUploadsIdReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a CSV/TSV of image URLs (raw body, X-File-Name header); answers a preview and suggested mapping */
        post: operations["postUploadsCsv"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload one image (raw body, X-File-Name header) */
        post: operations["postUploadsImages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/zip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a ZIP of images (raw body, X-File-Name header); answers the images kept and why others were refused */
        post: operations["postUploadsZip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/variants/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject one variant of a product (its state follows: approved with one approved, rejected when all are) */
        post: operations["postVariantsIdReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook endpoints (url, events, description, enabled); secrets are never listed */
        get: operations["getWebhooks"];
        put?: never;
        /**
         * Add a webhook endpoint: 201 with its id and signing `secret` (whsec_…, in this answer only)
         * @description Events: batch.completed, batch.cancelled, batch.paused, parent.completed, export.ready. Each is POSTed as `{ type, timestamp, data }` with the Standard Webhooks headers webhook-id (the same on every retry), webhook-timestamp and webhook-signature (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` under the base64 after whsec_). A non-2xx answer or no answer within WEBHOOK_TIMEOUT_MS is retried after WEBHOOK_RETRY_BASE_MS, doubling (at most 6 h), for at least a day. A private or reserved address is a 400 webhook_url_refused unless WEBHOOK_ALLOWLIST names it.
         */
        post: operations["postWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: operations["getWebhooksId"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint with its deliveries */
        delete: operations["deleteWebhooksId"];
        options?: never;
        head?: never;
        /** Change a webhook's url, events, description or enabled (the secret stays) */
        patch: operations["patchWebhooksId"];
        trace?: never;
    };
    "/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's newest 50 deliveries, each with its body and every attempt (status code, start of the answer, error, duration) */
        get: operations["getWebhooksIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now (same webhook-id and body): 202 */
        post: operations["postWebhooksIdDeliveriesDeliveryIdRedeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                code: string;
                details?: Record<string, never>;
                message: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAdminAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAdminKeys: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    project?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAdminKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchAdminKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    disabled: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAdminStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAdminUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAdminUsers: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name?: string;
                    password: string;
                    /**
                     * @default viewer
                     * @enum {string}
                     */
                    role?: "admin" | "analyst" | "reviewer" | "viewer";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchAdminUsersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    name?: string;
                    password?: string;
                    /** @enum {string} */
                    role?: "admin" | "analyst" | "reviewer" | "viewer";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the admin role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAnalyzeUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cached: boolean;
                        confidence_threshold: ("low" | "medium" | "high") | number;
                        detected_objects: {
                            bounding_box: {
                                height: number;
                                width: number;
                                x: number;
                                y: number;
                            };
                            confidence: number;
                            name: string;
                            object_id: string;
                        }[];
                        image_metadata?: {
                            color_space: string | null;
                            format: string;
                            height: number;
                            size_bytes: number;
                            width: number;
                        } & {
                            [key: string]: unknown;
                        };
                        model: string;
                        processing_time_ms: number;
                        request_id: string;
                        result: unknown;
                        template: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            version: number;
                        } | null;
                        timestamp: string;
                        total_objects_detected: number;
                        usage: {
                            cost_usd: number;
                            input_tokens: number;
                            output_tokens: number;
                            thoughts_tokens: number;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAnalyzeUrl: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default medium */
                    confidence_threshold?: ("low" | "medium" | "high") | number;
                    /** Format: uri */
                    image_url: string;
                    include_metadata?: boolean | ("0" | "1" | "true" | "false");
                    /** @default 100 */
                    max_objects?: number;
                    templateId?: "local" | string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cached: boolean;
                        confidence_threshold: ("low" | "medium" | "high") | number;
                        detected_objects: {
                            bounding_box: {
                                height: number;
                                width: number;
                                x: number;
                                y: number;
                            };
                            confidence: number;
                            name: string;
                            object_id: string;
                        }[];
                        image_metadata?: {
                            color_space: string | null;
                            format: string;
                            height: number;
                            size_bytes: number;
                            width: number;
                        } & {
                            [key: string]: unknown;
                        };
                        model: string;
                        processing_time_ms: number;
                        request_id: string;
                        result: unknown;
                        template: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            version: number;
                        } | null;
                        timestamp: string;
                        total_objects_detected: number;
                        usage: {
                            cost_usd: number;
                            input_tokens: number;
                            output_tokens: number;
                            thoughts_tokens: number;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchDataExport: {
        parameters: {
            query: {
                batch_id?: string;
                bom?: "0" | "1" | "true" | "false";
                errorCode?: string;
                /** @description Conditions on the result's fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value. */
                filter?: string | string[];
                format: "csv" | "json" | "jsonl" | "xlsx";
                from?: unknown;
                parent_batch_id?: string;
                raw?: "0" | "1" | "true" | "false";
                review_status?: "none" | "pending_review" | "approved" | "rejected";
                reviewStatus?: "none" | "pending_review" | "approved" | "rejected";
                since?: unknown;
                status?: "queued" | "processing" | "succeeded" | "failed" | "cancelled";
                to?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatches: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                q?: string;
                status?: "draft" | "queued" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatches: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    budgetUsd?: number | null;
                    /**
                     * @description How images reach Gemini: interactive calls, the Gemini Batch API (half price, results within 24 h), or auto (the Batch API when interactive calls would take too long or need more than a day's quota). Default: GEMINI_DEFAULT_MODE.
                     * @enum {string}
                     */
                    mode?: "interactive" | "batch" | "auto";
                    name?: string;
                    /**
                     * @description Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.
                     * @enum {string}
                     */
                    priority?: "high" | "normal" | "low";
                    /** @description A bucket prefix to import (s3://bucket/prefix/): every image key under it becomes an image, read with Loupe's storage credentials. */
                    source: string;
                    templateId?: string | "local";
                    /**
                     * Format: uuid
                     * @description A transform template run on each image before the analysis template: the model sees the transformed image, which is also stored as the image's output. The batch runs interactively.
                     */
                    transformTemplateId?: string;
                } | {
                    budgetUsd?: number | null;
                    /**
                     * @description How images reach Gemini: interactive calls, the Gemini Batch API (half price, results within 24 h), or auto (the Batch API when interactive calls would take too long or need more than a day's quota). Default: GEMINI_DEFAULT_MODE.
                     * @enum {string}
                     */
                    mode?: "interactive" | "batch" | "auto";
                    name?: string;
                    /**
                     * @description Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.
                     * @enum {string}
                     */
                    priority?: "high" | "normal" | "low";
                    templateId?: string | "local";
                    /**
                     * Format: uuid
                     * @description A transform template run on each image before the analysis template: the model sees the transformed image, which is also stored as the image's output. The batch runs interactively.
                     */
                    transformTemplateId?: string;
                    urls: string[];
                } | {
                    budgetUsd?: number | null;
                    mapping: {
                        /** @default [] */
                        carry?: string[];
                        externalId?: string | null;
                        /** @description A commerce feed: shopify (a product export, image rows grouped by Handle) or merchant (a Google Merchant feed: image_link and additional_image_link): every image becomes an image with its product's id, title and position. Suggested by the upload's preview. */
                        feed?: string | null;
                        name?: string | null;
                        url: string;
                    };
                    /**
                     * @description How images reach Gemini: interactive calls, the Gemini Batch API (half price, results within 24 h), or auto (the Batch API when interactive calls would take too long or need more than a day's quota). Default: GEMINI_DEFAULT_MODE.
                     * @enum {string}
                     */
                    mode?: "interactive" | "batch" | "auto";
                    name?: string;
                    /**
                     * @description Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.
                     * @enum {string}
                     */
                    priority?: "high" | "normal" | "low";
                    /** @default false */
                    skipDuplicates?: boolean;
                    templateId?: string | "local";
                    /**
                     * Format: uuid
                     * @description A transform template run on each image before the analysis template: the model sees the transformed image, which is also stored as the image's output. The batch runs interactively.
                     */
                    transformTemplateId?: string;
                    /** Format: uuid */
                    uploadId: string;
                } | {
                    budgetUsd?: number | null;
                    images: {
                        bytes?: number;
                        mimeType?: string;
                        name: string;
                        sha256: string;
                    }[];
                    /**
                     * @description How images reach Gemini: interactive calls, the Gemini Batch API (half price, results within 24 h), or auto (the Batch API when interactive calls would take too long or need more than a day's quota). Default: GEMINI_DEFAULT_MODE.
                     * @enum {string}
                     */
                    mode?: "interactive" | "batch" | "auto";
                    name?: string;
                    /**
                     * @description Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.
                     * @enum {string}
                     */
                    priority?: "high" | "normal" | "low";
                    templateId?: string | "local";
                    /**
                     * Format: uuid
                     * @description A transform template run on each image before the analysis template: the model sees the transformed image, which is also stored as the image's output. The batch runs interactively.
                     */
                    transformTemplateId?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batches: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            sequence: number | null;
                            totalImages: number;
                        }[];
                        parentId: string | null;
                        /** @description multipart: the ZIP entries refused (unsafe path, too large, not an image…) while the others were kept */
                        refusedFiles?: {
                            code: string;
                            message: string;
                            name: string;
                        }[];
                        rejected: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        costUsd: number;
                        counts: {
                            cached: number;
                            cancelled: number;
                            failed: number;
                            processing: number;
                            queued: number;
                            succeeded: number;
                            total: number;
                        };
                        createdAt: string;
                        etaSeconds: number | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        id: string;
                        imagesPerMinute: number;
                        /** @enum {string} */
                        kind: "single" | "parent" | "part";
                        name: string;
                        parentBatchId: string | null;
                        parts: ({
                            costUsd: number;
                            counts: {
                                cached: number;
                                cancelled: number;
                                failed: number;
                                processing: number;
                                queued: number;
                                succeeded: number;
                                total: number;
                            };
                            createdAt: string;
                            etaSeconds: number | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            imagesPerMinute: number;
                            /** @enum {string} */
                            kind: "single" | "parent" | "part";
                            name: string;
                            parentBatchId: string | null;
                            percentDone: number;
                            sequence: number | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "draft" | "queued" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";
                        } & {
                            [key: string]: unknown;
                        })[];
                        percentDone: number;
                        sequence: number | null;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "draft" | "queued" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteBatchesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchBatchesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    budgetUsd: number | null;
                } | {
                    /**
                     * @description Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.
                     * @enum {string}
                     */
                    priority: "high" | "normal" | "low";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdCancel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdExport: {
        parameters: {
            query: {
                altText?: string;
                bom?: "0" | "1" | "true" | "false";
                errorCode?: string;
                fields?: string;
                /** @description Conditions on the result's fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value. */
                filter?: string | string[];
                format: "csv" | "json" | "jsonl" | "xlsx" | "zip" | "shopify" | "merchant";
                from?: unknown;
                raw?: "0" | "1" | "true" | "false";
                reviewStatus?: "none" | "pending_review" | "approved" | "rejected";
                seoDescription?: string;
                seoTitle?: string;
                status?: "queued" | "processing" | "succeeded" | "failed" | "cancelled";
                to?: unknown;
                /** @description With format=zip: an enhance batch's variants with this review verdict only (approved: what a person approved) */
                variants?: "approved" | "pending" | "rejected" | "all";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdImages: {
        parameters: {
            query?: {
                /** @description The previous page's nextCursor */
                after?: string;
                errorCode?: string;
                /** @description Conditions on the result's fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value. */
                filter?: string | string[];
                limit?: number;
                order?: "asc" | "desc";
                reviewStatus?: "none" | "pending_review" | "approved" | "rejected";
                /** @description A field of the result to sort by (numbers as numbers); images without it are left out */
                sort?: string;
                status?: "queued" | "processing" | "succeeded" | "failed" | "cancelled";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdOutputs: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdPause: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdProducts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                productStatus?: "pending" | "pending_review" | "approved" | "rejected" | "blocked";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdRelated: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdRerun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    templateId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdResume: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdRetryFailed: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    errorCode?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        costUsd: number;
                        counts: {
                            cached: number;
                            cancelled: number;
                            failed: number;
                            processing: number;
                            queued: number;
                            succeeded: number;
                            total: number;
                        };
                        createdAt: string;
                        etaSeconds: number | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        id: string;
                        imagesPerMinute: number;
                        /** @enum {string} */
                        kind: "single" | "parent" | "part";
                        name: string;
                        parentBatchId: string | null;
                        parts: ({
                            costUsd: number;
                            counts: {
                                cached: number;
                                cancelled: number;
                                failed: number;
                                processing: number;
                                queued: number;
                                succeeded: number;
                                total: number;
                            };
                            createdAt: string;
                            etaSeconds: number | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            imagesPerMinute: number;
                            /** @enum {string} */
                            kind: "single" | "parent" | "part";
                            name: string;
                            parentBatchId: string | null;
                            percentDone: number;
                            sequence: number | null;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "draft" | "queued" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";
                        } & {
                            [key: string]: unknown;
                        })[];
                        percentDone: number;
                        sequence: number | null;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "draft" | "queued" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdSync: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postBatchesIdUnreachableHostsFail: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    host: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesParentIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatchesRelatedId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postCompare: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Take the sample from this batch's stored images (its first ones)
                     */
                    batchId?: string;
                    candidates: {
                        /** @description Another model than the version's (a model of the catalogue) */
                        model?: string;
                        /** Format: uuid */
                        templateId: string;
                        /** @description A saved version of the template (default: its current one) */
                        version?: number;
                    }[];
                    /** @description Uploaded images (POST /uploads/images answers these) */
                    images?: {
                        name: string;
                        sha256: string;
                    }[];
                    /** @default 10 */
                    sampleSize?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEstimate: {
        parameters: {
            query: {
                images: number;
                templateId?: string | "local";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getImageInfo: {
        parameters: {
            query?: {
                faces?: "0" | "1" | "true" | "false";
                ocr?: "0" | "1" | "true" | "false";
                url?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postImageInfo: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getImagesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getImagesIdFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postImagesIdRegenerate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description An edited instruction for the new variants (left out: the one used last) */
                    instructions?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postImagesIdRetry: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postImagesIdReview: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    result?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the reviewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOutputsIdFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postProductsBulk: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The batch's name (default: Products <date>) */
                    name?: string;
                    products: ({
                        category?: string;
                        discount?: string | number | boolean | null;
                        gst?: string | number | boolean | null;
                        mrp?: string | number | boolean | null;
                        name?: string;
                        price?: string | number | boolean | null;
                        /**
                         * Format: uri
                         * @description The product photo's URL (fetched SSRF-safely)
                         */
                        raw_image: string;
                        /** @description The product's SKU: names its variant files (sku-v1.png…) */
                        sku?: string;
                    } & {
                        [key: string]: string | number | boolean | null;
                    })[];
                    /** @description An enhance template's id */
                    templateId: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        batchId: string;
                        created: number;
                        products: {
                            id: string;
                            sku: string | null;
                            /** @constant */
                            status: "pending";
                        }[];
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReview: {
        parameters: {
            query?: {
                after?: string;
                batchId?: string;
                /** @description Conditions on the result's fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value. */
                filter?: string | string[];
                limit?: number;
                /** @description Only items that wait for this reason (schema_failure, low_confidence, disagreement, qa_sample, review_all) */
                reason?: "auto_approved" | "review_all" | "schema_failure" | "low_confidence" | "disagreement" | "qa_sample";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the reviewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postReviewBulk: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    batchId?: string;
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    expectedCount?: number;
                    /** @description Conditions on the result's fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value. */
                    filter?: string | string[];
                    /**
                     * @description Only items that wait for this reason (schema_failure, low_confidence, disagreement, qa_sample, review_all)
                     * @enum {string}
                     */
                    reason?: "auto_approved" | "review_all" | "schema_failure" | "low_confidence" | "disagreement" | "qa_sample";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the reviewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name?: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTasksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templates: ({
                            builtIn: boolean;
                            description: string | null;
                            /** Format: uuid */
                            id: string;
                            name: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTemplates: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    fields: unknown[];
                    instructions: string;
                    /** @description Room for the answer and the thoughts (they count against it); null: Loupe's default (2,048 + the thinking allowed). */
                    maxOutputTokens?: number | null;
                    /**
                     * @description Image detail Gemini reads: "low" (64 tokens per image on 2.x), "medium", "high", or "default" (Google's tile rule: 258 tokens per tile).
                     * @enum {string}
                     */
                    mediaResolution?: "default" | "low" | "medium" | "high";
                    /** @description A model of the catalogue (GET /models); null: the server's GEMINI_MODEL. Omitted: kept on edit, the server's default on create. */
                    model?: string | null;
                    name: string;
                    /** @description "off" (no thinking: a budget of 0, or the smallest the model allows, e.g. 128 on 2.5 Pro), "low" (about 1,024 thinking tokens), "dynamic" (the model decides) or a token budget within the model's range. Thoughts are billed as output. */
                    thinking?: ("off" | "low" | "dynamic") | number | string;
                } | {
                    description?: string;
                    /** @constant */
                    kind: "transform";
                    name: string;
                    /** @description The operations, applied in order; the same language as POST /api/v1/transform */
                    operations: unknown[];
                } | {
                    /** @description The variants' aspect ratio; left out: the photo's nearest */
                    aspectRatio?: ("1:1" | "2:3" | "3:2" | "3:4" | "4:3" | "4:5" | "5:4" | "9:16" | "16:9" | "21:9") | null;
                    description?: string;
                    /** @description What the image model is to make of each product photo */
                    instructions: string;
                    /** @constant */
                    kind: "enhance";
                    /** @description The image model (default gemini-2.5-flash-image) */
                    model?: string | null;
                    name: string;
                    /** @description Variants per product, 1–4 (default ENHANCED_IMAGES_COUNT, 3) */
                    variants?: number | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTemplatesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTemplatesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    fields: unknown[];
                    instructions: string;
                    /** @description Room for the answer and the thoughts (they count against it); null: Loupe's default (2,048 + the thinking allowed). */
                    maxOutputTokens?: number | null;
                    /**
                     * @description Image detail Gemini reads: "low" (64 tokens per image on 2.x), "medium", "high", or "default" (Google's tile rule: 258 tokens per tile).
                     * @enum {string}
                     */
                    mediaResolution?: "default" | "low" | "medium" | "high";
                    /** @description A model of the catalogue (GET /models); null: the server's GEMINI_MODEL. Omitted: kept on edit, the server's default on create. */
                    model?: string | null;
                    name: string;
                    /** @description "off" (no thinking: a budget of 0, or the smallest the model allows, e.g. 128 on 2.5 Pro), "low" (about 1,024 thinking tokens), "dynamic" (the model decides) or a token budget within the model's range. Thoughts are billed as output. */
                    thinking?: ("off" | "low" | "dynamic") | number | string;
                } | {
                    description?: string;
                    /** @constant */
                    kind: "transform";
                    name: string;
                    /** @description The operations, applied in order; the same language as POST /api/v1/transform */
                    operations: unknown[];
                } | {
                    /** @description The variants' aspect ratio; left out: the photo's nearest */
                    aspectRatio?: ("1:1" | "2:3" | "3:2" | "3:4" | "4:3" | "4:5" | "5:4" | "9:16" | "16:9" | "21:9") | null;
                    description?: string;
                    /** @description What the image model is to make of each product photo */
                    instructions: string;
                    /** @constant */
                    kind: "enhance";
                    /** @description The image model (default gemini-2.5-flash-image) */
                    model?: string | null;
                    name: string;
                    /** @description Variants per product, 1–4 (default ENHANCED_IMAGES_COUNT, 3) */
                    variants?: number | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTemplatesIdReviewRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    agreementFields?: string[];
                    /** @default false */
                    autoApprove?: boolean;
                    confidenceField?: string | null;
                    /** @default 0 */
                    qaSamplePercent?: number;
                    /** @default 0.8 */
                    threshold?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTemplatesTry: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fields: unknown[];
                    instructions: string;
                    /** @description Room for the answer and the thoughts (they count against it); null: Loupe's default (2,048 + the thinking allowed). */
                    maxOutputTokens?: number | null;
                    /**
                     * @description Image detail Gemini reads: "low" (64 tokens per image on 2.x), "medium", "high", or "default" (Google's tile rule: 258 tokens per tile).
                     * @enum {string}
                     */
                    mediaResolution?: "default" | "low" | "medium" | "high";
                    /** @description A model of the catalogue (GET /models); null: the server's GEMINI_MODEL. Omitted: kept on edit, the server's default on create. */
                    model?: string | null;
                    /** @description "off" (no thinking: a budget of 0, or the smallest the model allows, e.g. 128 on 2.5 Pro), "low" (about 1,024 thinking tokens), "dynamic" (the model decides) or a token budget within the model's range. Thoughts are billed as output. */
                    thinking?: ("off" | "low" | "dynamic") | number | string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTokens: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 90 */
                    expiresInDays?: number | null;
                    name: string;
                    /**
                     * @default [
                     *       "read"
                     *     ]
                     */
                    scopes?: ("read" | "write")[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTokensId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTransform: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    image_url: string;
                    /** @description Applied in order. resize {width?, height?, fit: cover|contain|fill|inside (default)|outside, withoutEnlargement?, background?}; crop {left, top, width, height} or {strategy: attention|entropy, width, height}; rotate {angle, background?}; flip; flop; blur {sigma 0.3–1000}; sharpen {sigma?}; median {size 1–25}; emboss; edge; contour; brightness|contrast|saturation {factor 0–10, 1 = unchanged}; grayscale; flatten {background, default #ffffff}; trim {background?, threshold?}; format {format: jpeg|png|webp|avif|tiff|gif, quality? 1–100, effort? (webp 0–6, default 2; avif 0–9, default 4)} (last). */
                    operations: ({
                        /** @enum {string} */
                        op: "resize" | "crop" | "rotate" | "flip" | "flop" | "blur" | "sharpen" | "median" | "emboss" | "edge" | "contour" | "brightness" | "contrast" | "saturation" | "grayscale" | "flatten" | "trim" | "format";
                    } & {
                        [key: string]: unknown;
                    })[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getUploadsIdReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the viewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postUploadsCsv: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postUploadsImages: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postUploadsZip: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/zip": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postVariantsIdReview: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the reviewer role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhooks: {
                            createdAt: string;
                            description: string | null;
                            enabled: boolean;
                            events: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                            /** Format: uuid */
                            id: string;
                            updatedAt: string;
                            url: string;
                        }[];
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWebhooks: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    events: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                    /** Format: uri */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        description: string | null;
                        enabled: boolean;
                        events: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                        /** Format: uuid */
                        id: string;
                        /** @description whsec_…: shown in this answer only */
                        secret: string;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        description: string | null;
                        enabled: boolean;
                        events: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                        /** Format: uuid */
                        id: string;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    enabled?: boolean;
                    events?: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                    /** Format: uri */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        description: string | null;
                        enabled: boolean;
                        events: ("batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed" | "export.ready")[];
                        /** Format: uuid */
                        id: string;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhooksIdDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWebhooksIdDeliveriesDeliveryIdRedeliver: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person. */
                "Idempotency-Key"?: string;
            };
            path: {
                deliveryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; the message says what to fix */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs the analyst role (and the write scope for changes) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited; see the Retry-After header */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
