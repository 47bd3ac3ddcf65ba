"use client";

import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useDropzone } from "react-dropzone";
import { api, uploadFile } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { BatchEstimateCard, approximateCsvRows } from "./batch-estimate";
import { CsvMapping, type CsvPreview, type Mapping } from "./csv-mapping";
import { useBatchEstimate, type ExecutionMode } from "./estimate-figures";
import { BucketSource } from "./bucket-source";
import { ModeChoice } from "./mode-choice";
import { TemplateChoice, transformModeNote, type TemplateOption } from "./template-choice";
import { UploadList, type StoredImage, type UploadEntry } from "./upload-list";
import { ValidationReport, type Created } from "./validation-report";
import { INVALID_USD, parseUsdInput } from "../budget/usd-input";

const isCsv = (file: File) => /\.(csv|tsv|txt|xml)$/i.test(file.name) || file.type === "text/csv";
const isZip = (file: File) => /\.zip$/i.test(file.name) || file.type === "application/zip" || file.type === "application/x-zip-compressed";
const UPLOADS_AT_ONCE = 4;

/** Where a file sat when it came from a folder (dropped, or chosen with "Choose a folder"): "shoot/red.png"; else "". */
function folderPath(file: File) {
  const withPath = file as File & { path?: string; relativePath?: string };
  const relative = (withPath.relativePath || withPath.path || file.webkitRelativePath || "").replace(/^\.?\//, "");
  return relative.includes("/") ? relative : "";
}
// Finder, Explorer and editors leave these in folders; they are nobody's images.
const isSystemFile = (file: File) => /^\./.test(file.name) || /^(thumbs\.db|desktop\.ini)$/i.test(file.name);


export function NewBatchForm({
  geminiConfigured,
  defaultMode = "interactive",
  batchModeUnavailable = null,
  bucketImport = false,
}: {
  geminiConfigured: boolean;
  /** GEMINI_DEFAULT_MODE: what the server runs a batch on when nobody chooses. */
  defaultMode?: ExecutionMode;
  /** Why the server cannot use the Batch API (Vertex AI); null: it can. */
  batchModeUnavailable?: string | null;
  /** The server has S3 settings to list and read buckets with. */
  bucketImport?: boolean;
}) {
  const router = useRouter();
  const templates = useQuery({ queryKey: ["templates"], queryFn: () => api<{ templates: TemplateOption[] }>("/api/v1/templates") });
  const [templateChoice, setTemplateChoice] = useState<string>("");
  const templateId = templateChoice || (geminiConfigured ? (templates.data?.templates.find((template) => (template.kind ?? "analysis") === "analysis")?.id ?? "") : "local");
  const [transformChoice, setTransformChoice] = useState<string>("");
  const templateList = templates.data?.templates ?? [];
  const isTransformOnly = templateList.some((template) => template.id === templateId && template.kind === "transform");
  const transformId = isTransformOnly ? "" : transformChoice;
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [csv, setCsv] = useState<CsvPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({ url: "", name: "", externalId: "", carry: [], feed: null });
  const [skipDuplicates, setSkipDuplicates] = useState(true);
  const [urls, setUrls] = useState("");
  const [bucket, setBucket] = useState("");
  const [name, setName] = useState("");
  const [budgetText, setBudgetText] = useState("");
  const budget = parseUsdInput(budgetText);
  const [modeChoice, setModeChoice] = useState<ExecutionMode>(defaultMode);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);

  const update = (key: string, patch: Partial<UploadEntry>) => setEntries((all) => all.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)));

  const uploadImages = useCallback(async (files: File[]) => {
    const fresh = files.map((file, index) => ({ key: `${Date.now()}-${index}-${file.name}`, file, progress: 0, state: "uploading" as const }));
    setEntries((all) => [...all, ...fresh]);
    let next = 0;
    const work = async () => {
      while (next < fresh.length) {
        const entry = fresh[next++];
        try {
          if (isZip(entry.file)) {
            const zip = await uploadFile<{ accepted: StoredImage[]; rejected: { name: string; message: string }[] }>("/api/v1/uploads/zip", entry.file, (progress) => update(entry.key, { progress }));
            update(entry.key, { state: "done", progress: 1, storedMany: zip.accepted });
            // Each refused entry is listed like a refused file; the archive's good images go on.
            const refused = zip.rejected.map((item, index) => ({ key: `${entry.key}-${index}`, file: new File([], item.name), progress: 1, state: "rejected" as const, error: item.message }));
            if (refused.length) setEntries((all) => [...all, ...refused]);
            continue;
          }
          const stored = await uploadFile<StoredImage>("/api/v1/uploads/images", entry.file, (progress) => update(entry.key, { progress }));
          update(entry.key, { state: "done", progress: 1, stored });
        } catch (caught) {
          update(entry.key, { state: "rejected", error: (caught as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, work));
  }, []);

  const uploadCsv = useCallback(async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const preview = await uploadFile<CsvPreview>("/api/v1/uploads/csv", file, () => {});
      setCsv(preview);
      setName((current) => current || file.name.replace(/\.(csv|tsv|txt|xml)$/i, ""));
      const suggested = preview.suggestedMapping;
      setMapping({ url: suggested?.url ?? "", name: suggested?.name ?? "", externalId: suggested?.externalId ?? "", carry: suggested?.carry ?? [], feed: suggested?.feed ?? null });
    } catch (caught) {
      setError(`${file.name}: ${(caught as Error).message}`);
    } finally {
      setBusy(false);
    }
  }, []);

  const onDrop = useCallback(
    (files: File[]) => {
      // A folder holds images: everything in it goes to the image upload (which refuses what is not an image), but a
      // stray notes.txt there is not taken for a CSV of URLs.
      const picked = files.filter((file) => !(folderPath(file) && isSystemFile(file)));
      const csvFile = picked.find((file) => isCsv(file) && !folderPath(file));
      if (csvFile) void uploadCsv(csvFile);
      const images = picked.filter((file) => file !== csvFile && !(isCsv(file) && !folderPath(file)));
      if (images.length) void uploadImages(images);
    },
    [uploadCsv, uploadImages],
  );
  const { getRootProps, getInputProps, isDragActive } = useDropzone({ onDrop, multiple: true, noClick: false });

  const storedImages = entries.filter((entry) => entry.state === "done").flatMap((entry) => entry.storedMany ?? (entry.stored ? [entry.stored] : []));
  const urlList = urls.split(/\s+/).map((url) => url.trim()).filter(Boolean);
  const uploading = entries.some((entry) => entry.state === "uploading");
  const canCreate = !busy && !uploading && (storedImages.length > 0 || (csv && mapping.url) || urlList.length > 0 || bucket.trim() !== "");
  const imageCount = csv ? approximateCsvRows(csv) : storedImages.length || urlList.length;
  const estimate = useBatchEstimate(imageCount, templateId);
  // The offline analyzer runs here, with no Gemini call: only interactive makes sense for it.
  const modeUnavailable = transformModeNote(templateList, templateId, transformId) ?? (templateId === "local" || !geminiConfigured ? "The offline analyzer runs on this server, with no Gemini calls." : batchModeUnavailable);
  const mode: ExecutionMode = modeUnavailable ? "interactive" : modeChoice;

  async function create() {
    if (budget === "invalid") return setError(INVALID_USD);
    setBusy(true);
    setError(null);
    try {
      const choice = { templateId: templateId || undefined, transformTemplateId: transformId || undefined, mode, ...(budget !== null ? { budgetUsd: budget } : {}) };
      const body = csv
        ? { ...choice, name: name || undefined, uploadId: csv.uploadId, mapping: { url: mapping.url, name: mapping.name || null, externalId: mapping.externalId || null, carry: mapping.carry, feed: mapping.feed }, skipDuplicates }
        : storedImages.length
          ? { ...choice, name: name || undefined, images: storedImages }
          : bucket.trim()
            ? { ...choice, name: name || undefined, source: bucket.trim() }
            : { ...choice, name: name || undefined, urls: urlList };
      const result = await api<Created>("/api/v1/batches", { method: "POST", json: body });
      setCreated(result);
      if (result.rejected === 0) router.push(`/batches/${result.parentId ?? result.batches[0].id}`);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <div
        {...getRootProps()}
        className={`cursor-pointer rounded-xl border-2 border-dashed px-6 py-12 text-center transition-colors ${
          isDragActive ? "border-brand-500 bg-brand-50 dark:bg-brand-700/10" : "border-slate-300 bg-white hover:border-brand-500 dark:border-slate-700 dark:bg-slate-900"
        }`}
      >
        <input {...getInputProps()} aria-label="Images, a ZIP of images, or a CSV file" data-testid="dropzone-input" />
        <p className="text-base font-semibold">Drop images, folders, a ZIP, or a CSV of image URLs here</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">or click to choose files · JPEG, PNG, WebP, GIF, AVIF, TIFF (also inside ZIPs) · CSV/TSV with a column of http(s) URLs</p>
      </div>
      <div className="-mt-4 flex justify-end">
        {/* webkitdirectory is not in React's typings; React 19 passes it through to the input. */}
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid="folder-input"
          aria-label="A folder of images"
          {...{ webkitdirectory: "" }}
          onChange={(event) => {
            onDrop(Array.from(event.target.files ?? []));
            event.target.value = "";
          }}
        />
        <Button type="button" variant="secondary" onClick={() => folderInput.current?.click()}>
          Choose a folder
        </Button>
      </div>

      {entries.length > 0 ? <UploadList entries={entries} ready={storedImages.length} /> : null}

      {csv ? (
        <>
          <CsvMapping preview={csv} mapping={mapping} onChange={setMapping} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={skipDuplicates} onChange={(event) => setSkipDuplicates(event.target.checked)} />
            Skip duplicate URLs
          </label>
        </>
      ) : null}

      {!csv && entries.length === 0 ? (
        <label className="block text-sm font-medium">
          …or paste image URLs, one per line
          <textarea value={urls} onChange={(event) => setUrls(event.target.value)} rows={4} className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900" placeholder="https://cdn.example.com/products/1.jpg" />
        </label>
      ) : null}
      {!csv && entries.length === 0 && urlList.length === 0 ? <BucketSource value={bucket} onChange={setBucket} available={bucketImport} /> : null}

      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Batch name
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Spring catalogue" className="w-72 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900" />
        </label>
        <TemplateChoice templates={templateList} geminiConfigured={geminiConfigured} templateId={templateId} onTemplate={setTemplateChoice} transformId={transformId} onTransform={setTransformChoice} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Spending cap (USD)
          <input
            value={budgetText}
            onChange={(event) => {
              setBudgetText(event.target.value);
              if (error === INVALID_USD) setError(null);
            }}
            inputMode="decimal"
            placeholder="no cap"
            aria-describedby="budget-hint"
            aria-invalid={budget === "invalid" ? true : undefined}
            className="w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
      </div>

      <p id="budget-hint" className="-mt-4 text-xs text-slate-500 dark:text-slate-400">
        Optional. Gemini calls stop before the batch would spend more (a CSV split into parts: the whole upload); it pauses with “budget reached”, and you can raise the cap and resume.
      </p>

      <ModeChoice mode={mode} onChange={setModeChoice} estimate={estimate.data} images={imageCount} unavailable={modeUnavailable} />

      <BatchEstimateCard images={imageCount} approximate={Boolean(csv)} templateId={templateId} capUsd={typeof budget === "number" ? budget : null} mode={mode} />

      <div className="flex justify-end">
        <Button variant="primary" onClick={create} disabled={!canCreate}>
          {busy ? "Working…" : "Create batch"}
        </Button>
      </div>

      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}

      {created && created.rejected > 0 ? <ValidationReport created={created} uploadId={csv?.uploadId ?? null} /> : null}
    </div>
  );
}
