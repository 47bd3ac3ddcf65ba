"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { BeforeAfter } from "@/components/outputs/before-after";
import { ResultFields } from "@/components/ui/result-fields";
import { StatusBadge } from "@/components/ui/status-badge";

interface Attempt {
  id: string;
  attemptNo: number;
  keyId: string | null;
  httpStatus: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  thoughtsTokens?: number;
  createdAt: string;
}

interface ImageDetail {
  id: string;
  name: string | null;
  sourceUrl: string | null;
  sha256: string | null;
  status: string;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  result: Record<string, unknown> | null;
  attemptHistory: Attempt[];
  width: number | null;
  height: number | null;
  bytes: number | null;
  mimeType: string | null;
  /** What a transform made of it (newest first). */
  outputs?: { id: string; kind: string; url: string; width: number; height: number; bytes: number; mimeType: string }[];
}

interface Box {
  label: string;
  /** Normalised 0–1, from a stored [ymin, xmin, ymax, xmax]. */
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Boxes anywhere in a result: objects with a `box`/`box_2d` of four numbers, [ymin, xmin, ymax, xmax]. */
export function findBoxes(value: unknown, found: Box[] = []): Box[] {
  if (Array.isArray(value)) value.forEach((item) => findBoxes(item, found));
  else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const box = (record.box ?? record.box_2d) as unknown;
    if (Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === "number")) {
      // Stored normalised to 0–1; older results kept Gemini's 0–1000.
      const scale = (box as number[]).some((n) => n > 1) ? 1000 : 1;
      const [ymin, xmin, ymax, xmax] = (box as number[]).map((n) => n / scale);
      found.push({ label: String(record.label ?? record.name ?? "object"), top: ymin, left: xmin, height: ymax - ymin, width: xmax - xmin });
    }
    Object.values(record).forEach((child) => typeof child === "object" && findBoxes(child, found));
  }
  return found;
}

export function ImageDrawer({ imageId, onClose }: { imageId: string; onClose: () => void }) {
  const [showBoxes, setShowBoxes] = useState(true);
  const [hiddenLabels, setHiddenLabels] = useState<string[]>([]);
  const { data, isLoading, error } = useQuery({ queryKey: ["image", imageId], queryFn: () => api<ImageDetail>(`/api/v1/images/${imageId}`) });
  useEffect(() => {
    const close = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    window.addEventListener("keydown", close);
    return () => window.removeEventListener("keydown", close);
  }, [onClose]);
  const boxes = data?.result ? findBoxes(data.result) : [];
  const labels = [...new Set(boxes.map((box) => box.label))];
  const transformed = data?.outputs?.find((output) => output.kind === "transform") ?? null;
  const overlay = showBoxes
    ? boxes.filter((box) => !hiddenLabels.includes(box.label)).map((box, index) => (
        <div key={index} data-testid="bounding-box" className="absolute border-2 border-fuchsia-500" style={{ top: `${box.top * 100}%`, left: `${box.left * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}>
          <span className="absolute -top-5 left-0 whitespace-nowrap bg-fuchsia-600 px-1 text-xs text-white">{box.label}</span>
        </div>
      ))
    : null;
  const toggleLabel = (label: string) => setHiddenLabels((hidden) => (hidden.includes(label) ? hidden.filter((l) => l !== label) : [...hidden, label]));

  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/40" onClick={onClose}>
      <aside role="dialog" aria-modal="true" aria-label="Image details" className="h-full w-full max-w-2xl overflow-y-auto bg-white p-6 shadow-xl dark:bg-slate-900" onClick={(event) => event.stopPropagation()}>
        <div className="flex items-start justify-between gap-4">
          <h2 className="truncate text-lg font-semibold">{data?.name ?? `Image #${imageId}`}</h2>
          <Button onClick={onClose} aria-label="Close">
            Close
          </Button>
        </div>
        {isLoading ? <p className="mt-4 text-sm text-slate-500">Loading…</p> : null}
        {error ? <p role="alert" className="mt-4 text-sm text-red-700">{(error as Error).message}</p> : null}
        {data ? (
          <div className="mt-4 space-y-6">
            <div className="flex items-center gap-3 text-sm">
              <StatusBadge status={data.status} />
              {data.lastErrorMessage ? <span className="text-red-700 dark:text-red-300">{data.lastErrorCode}: {data.lastErrorMessage}</span> : null}
            </div>
            {data.sha256 ? (
              <figure>
                {/* Boxes are drawn on the image the model saw: the transform's output when one ran first. */}
                {transformed ? (
                  <BeforeAfter name={data.name ?? `Image #${data.id}`} original={{ url: `/api/v1/images/${data.id}/file`, width: data.width, height: data.height, bytes: data.bytes, mimeType: data.mimeType }} output={transformed} overlay={overlay} />
                ) : (
                  <div className="relative inline-block max-w-full">
                    {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route */}
                    <img src={`/api/v1/images/${data.id}/file`} alt={data.name ?? "image"} className="block max-h-[420px] max-w-full" />
                    {overlay}
                  </div>
                )}
                {boxes.length ? (
                  <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                    <label className="flex items-center gap-2 font-medium">
                      <input type="checkbox" checked={showBoxes} onChange={(event) => setShowBoxes(event.target.checked)} /> Show {boxes.length} box{boxes.length === 1 ? "" : "es"}
                    </label>
                    {labels.length > 1
                      ? labels.map((label) => (
                          <label key={label} className="flex items-center gap-1 text-slate-600 dark:text-slate-300">
                            <input type="checkbox" disabled={!showBoxes} checked={!hiddenLabels.includes(label)} onChange={() => toggleLabel(label)} /> {label}
                          </label>
                        ))
                      : null}
                  </div>
                ) : null}
              </figure>
            ) : data.sourceUrl ? (
              <p className="break-all text-sm text-slate-500">{data.sourceUrl}</p>
            ) : null}
            {data.result ? (
              <section>
                <h3 className="text-sm font-semibold">Result</h3>
                <div className="mt-2">
                  <ResultFields result={data.result} />
                </div>
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium">Raw JSON</summary>
                  <pre className="mt-2 max-h-72 overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">{JSON.stringify(data.result, null, 2)}</pre>
                </details>
              </section>
            ) : null}
            <section>
              <h3 className="text-sm font-semibold">Attempts</h3>
              <ol className="mt-2 space-y-1 text-sm">
                {data.attemptHistory.length === 0 ? <li className="text-slate-500">No attempts yet.</li> : null}
                {data.attemptHistory.map((attempt) => (
                  <li key={attempt.id} className="flex flex-wrap gap-x-3 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
                    <span className="font-medium">#{attempt.attemptNo}</span>
                    <span>{new Date(attempt.createdAt).toLocaleTimeString()}</span>
                    <span>{attempt.errorCode ? <span className="text-red-700 dark:text-red-300">{attempt.errorCode}</span> : "ok"}</span>
                    {attempt.httpStatus ? <span>HTTP {attempt.httpStatus}</span> : null}
                    {attempt.keyId ? <span>key {attempt.keyId}</span> : null}
                    <span>{attempt.durationMs ?? 0} ms</span>
                    <span title="Output includes thinking: Google bills thoughts as output">
                      {attempt.inputTokens.toLocaleString("en")} in · {attempt.outputTokens.toLocaleString("en")} out
                      {attempt.thoughtsTokens ? ` (${attempt.thoughtsTokens.toLocaleString("en")} thinking)` : ""}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
