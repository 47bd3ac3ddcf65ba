"use client";

import { useEffect, useRef, useState } from "react";
import { makeThumbnail } from "./make-thumbnail";

export interface StoredImage {
  sha256: string;
  name: string;
  bytes: number;
  mimeType: string;
}

export interface UploadEntry {
  key: string;
  file: File;
  progress: number;
  state: "uploading" | "done" | "rejected";
  error?: string;
  stored?: StoredImage;
  /** A ZIP: the images it held. */
  storedMany?: StoredImage[];
}

// Thumbnails for the first this many files (a dropped folder of 20,000 lists the rest by name), two decoded at a time.
const THUMBNAILS = 300;
const DECODING_AT_ONCE = 2;
const isImageFile = (file: File) => file.size > 0 && (file.type.startsWith("image/") || /\.(jpe?g|png|webp|gif|avif|bmp)$/i.test(file.name));

/** Object URLs of thumbnails by entry key, made as entries arrive and freed when the list goes. */
function useThumbnails(entries: UploadEntry[]) {
  const [thumbnails, setThumbnails] = useState<Record<string, string | null>>({});
  const started = useRef(new Set<string>());
  const made = useRef<string[]>([]);
  useEffect(() => {
    const todo = entries.filter((entry) => isImageFile(entry.file) && !started.current.has(entry.key)).slice(0, Math.max(0, THUMBNAILS - started.current.size));
    todo.forEach((entry) => started.current.add(entry.key));
    let next = 0;
    const work = async () => {
      while (next < todo.length) {
        const entry = todo[next++];
        const url = await makeThumbnail(entry.file);
        if (url) made.current.push(url);
        setThumbnails((all) => ({ ...all, [entry.key]: url }));
      }
    };
    for (let i = 0; i < DECODING_AT_ONCE; i++) void work();
  }, [entries]);
  useEffect(() => () => made.current.forEach((url) => URL.revokeObjectURL(url)), []);
  return thumbnails;
}

const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The dropped files as tiles: a thumbnail made in the browser, the upload's progress, and what went wrong, per file. */
export function UploadList({ entries, ready }: { entries: UploadEntry[]; ready: number }) {
  const thumbnails = useThumbnails(entries);
  const rejected = entries.filter((entry) => entry.state === "rejected").length;
  const uploading = entries.filter((entry) => entry.state === "uploading").length;
  return (
    <section aria-label="Uploads" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm font-medium">
        {ready} image{ready === 1 ? "" : "s"} ready
        {uploading ? ` · ${uploading} uploading` : ""}
        {rejected ? ` · ${rejected} rejected` : ""}
      </p>
      <ul className="mt-3 grid max-h-96 grid-cols-[repeat(auto-fill,minmax(132px,1fr))] gap-3 overflow-y-auto text-xs">
        {entries.map((entry) => {
          const thumbnail = thumbnails[entry.key];
          return (
            <li key={entry.key} data-testid="upload-tile" data-state={entry.state} className={`flex flex-col gap-1 rounded-lg border p-2 ${entry.state === "rejected" ? "border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950/40" : "border-slate-200 dark:border-slate-800"}`}>
              <div className="flex h-20 items-center justify-center overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
                {thumbnail ? (
                  // eslint-disable-next-line @next/next/no-img-element -- a blob: URL made in this browser
                  <img src={thumbnail} alt={`Thumbnail of ${entry.file.name}`} data-testid="upload-thumbnail" className="h-full w-full object-cover" />
                ) : (
                  <span className="text-[11px] uppercase text-slate-500">{entry.storedMany ? `ZIP · ${entry.storedMany.length} images` : (entry.file.name.split(".").pop() ?? "file")}</span>
                )}
              </div>
              <span className="truncate font-medium" title={entry.file.name}>
                {entry.file.name}
              </span>
              {entry.state === "rejected" ? (
                <span role="alert" className="text-red-700 dark:text-red-300">
                  {entry.error}
                </span>
              ) : (
                <span className="flex items-center gap-2">
                  <progress className="h-1.5 min-w-0 flex-1" max={1} value={entry.progress} aria-label={`Upload of ${entry.file.name}`} />
                  <span className="tabular-nums text-slate-500">{entry.state === "done" ? "✓" : `${Math.round(entry.progress * 100)}%`}</span>
                </span>
              )}
              {entry.file.size > 0 ? <span className="text-slate-500">{sizeOf(entry.file.size)}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
