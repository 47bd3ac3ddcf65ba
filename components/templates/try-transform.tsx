"use client";

import { useEffect, useState } from "react";
import { BeforeAfter, type ImageFacts } from "@/components/outputs/before-after";
import { AlertText } from "@/components/ui/alert-text";
import { Button } from "@/components/ui/button";

interface Tried {
  name: string;
  original: ImageFacts;
  output: ImageFacts;
}

/** Runs the operations on a sample image with POST /api/v1/transform (nothing is stored) and shows before / after. */
export function TryTransform({ operationsText, disabled }: { operationsText: string; disabled: boolean }) {
  const [file, setFile] = useState<File | null>(null);
  const [tried, setTried] = useState<Tried | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Object URLs hold the images in memory until revoked.
  useEffect(() => () => void (tried && (URL.revokeObjectURL(tried.original.url), URL.revokeObjectURL(tried.output.url))), [tried]);

  async function run() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append("image", file);
      form.append("operations", operationsText);
      const response = await fetch("/api/v1/transform", { method: "POST", body: form });
      if (!response.ok) throw new Error((await response.json().catch(() => null))?.error?.message ?? `The server answered ${response.status}.`);
      const blob = await response.blob();
      const size = await new Promise<{ width: number; height: number }>((resolve) => {
        const probe = new Image();
        probe.onload = () => resolve({ width: probe.naturalWidth, height: probe.naturalHeight });
        probe.onerror = () => resolve({ width: 0, height: 0 });
        probe.src = URL.createObjectURL(file);
      });
      setTried({
        name: file.name,
        original: { url: URL.createObjectURL(file), ...size, bytes: file.size, mimeType: file.type || null },
        output: { url: URL.createObjectURL(blob), width: Number(response.headers.get("x-image-width")), height: Number(response.headers.get("x-image-height")), bytes: blob.size, mimeType: blob.type },
      });
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <p className="text-sm font-medium">Try on a sample image</p>
      <div className="flex flex-wrap items-center gap-2">
        <input type="file" accept="image/*" aria-label="Sample image for the transform" className="text-sm" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <Button onClick={run} disabled={!file || disabled || busy}>
          {busy ? "Transforming…" : "Transform sample"}
        </Button>
      </div>
      <AlertText>{error}</AlertText>
      {tried ? <BeforeAfter name={tried.name} original={tried.original} output={tried.output} compact /> : null}
    </div>
  );
}
