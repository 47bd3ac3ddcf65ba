"use client";

/** A bucket prefix to import: every image key under it becomes an image, read with the server's storage credentials. */
export function BucketSource({ value, onChange, available }: { value: string; onChange: (value: string) => void; available: boolean }) {
  return (
    <label className="block text-sm font-medium">
      …or import every image under a bucket prefix
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={!available}
        placeholder="s3://bucket/prefix/"
        aria-describedby="bucket-hint"
        className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900"
      />
      <span id="bucket-hint" className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">
        {available
          ? "Listed page by page (.jpg .png .webp .gif .avif .tiff .heic keys); images are read from the bucket with Loupe's storage credentials. Sync the batch later to add new keys."
          : "Needs S3 settings on the server: STORAGE_URL=s3://… (or S3_ENDPOINT / S3_REGION) and AWS credentials."}
      </span>
    </label>
  );
}
