import type { ReactNode } from "react";
import { formatBytes } from "@/components/admin/format";

export interface ImageFacts {
  url: string;
  width: number | null;
  height: number | null;
  bytes: number | null;
  mimeType: string | null;
}

const typeLabel = (mimeType: string | null) => (mimeType ? mimeType.replace(/^image\//, "").toUpperCase() : "");
const facts = (image: ImageFacts) => [image.width && image.height ? `${image.width} × ${image.height}` : null, typeLabel(image.mimeType), image.bytes !== null ? formatBytes(image.bytes) : null].filter(Boolean).join(" · ");

// A light checkerboard shows where an image is transparent (and that a flattened one is not).
const CHECKERBOARD = "bg-[length:16px_16px] bg-[linear-gradient(45deg,#e2e8f0_25%,transparent_25%,transparent_75%,#e2e8f0_75%),linear-gradient(45deg,#e2e8f0_25%,transparent_25%,transparent_75%,#e2e8f0_75%)] bg-[position:0_0,8px_8px] dark:bg-[linear-gradient(45deg,#1e293b_25%,transparent_25%,transparent_75%,#1e293b_75%),linear-gradient(45deg,#1e293b_25%,transparent_25%,transparent_75%,#1e293b_75%)]";

function Pane({ label, name, image, overlay, action, compact }: { label: string; name: string; image: ImageFacts; overlay?: ReactNode; action?: ReactNode; compact: boolean }) {
  return (
    <figure className="min-w-0">
      <div className={`flex items-center justify-center overflow-hidden rounded-md border border-slate-200 dark:border-slate-700 ${CHECKERBOARD} ${compact ? "h-40" : "min-h-48"}`}>
        <div className="relative inline-block max-h-full max-w-full">
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our own routes */}
          <img src={image.url} alt={`${name}, ${label.toLowerCase()}`} loading="lazy" className={`block max-w-full ${compact ? "max-h-40" : "max-h-[360px]"}`} />
          {overlay}
        </div>
      </div>
      <figcaption className="mt-1 flex flex-wrap items-center justify-between gap-x-2 text-xs text-slate-600 dark:text-slate-300">
        <span>
          <span className="font-semibold text-slate-800 dark:text-slate-100">{label}</span> <span data-testid={`${label.toLowerCase()}-facts`}>{facts(image)}</span>
        </span>
        {action}
      </figcaption>
    </figure>
  );
}

/** An image beside what a transform made of it, with the pixels, type and size of each and a download of the output. */
export function BeforeAfter({ name, original, output, overlay, compact = false }: { name: string; original: ImageFacts; output: ImageFacts; overlay?: ReactNode; compact?: boolean }) {
  return (
    <div className="grid grid-cols-2 gap-3" data-testid="before-after">
      <Pane label="Before" name={name} image={original} compact={compact} />
      <Pane
        label="After"
        name={name}
        image={output}
        overlay={overlay}
        compact={compact}
        action={
          <a href={`${output.url}?download=1`} download className="font-medium text-brand-700 hover:underline dark:text-brand-100" aria-label={`Download the output of ${name}`}>
            Download
          </a>
        }
      />
    </div>
  );
}
