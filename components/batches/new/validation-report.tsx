/** What POST /api/v1/batches answers. */
export interface Created {
  parentId: string | null;
  batches: { id: string; name: string; totalImages: number }[];
  rejected: number;
  issues: { row: number; value: string; reason: string }[];
}

/** After a CSV with rows that could not be used: what was skipped and why, the report to download, and the batch. */
export function ValidationReport({ created, uploadId }: { created: Created; uploadId: string | null }) {
  return (
    <section aria-label="Validation report" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="font-medium">
        {created.rejected} row(s) were skipped; {created.batches.reduce((n, b) => n + b.totalImages, 0)} images were added
        {created.batches.length > 1 ? ` in ${created.batches.length} parts` : ""}.
      </p>
      <ul className="mt-2 list-inside list-disc">
        {created.issues.slice(0, 10).map((issue) => (
          <li key={issue.row}>
            Row {issue.row}: {issue.reason} <span className="text-slate-500">({issue.value || "empty"})</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex gap-3">
        {uploadId ? (
          <a className="font-medium text-brand-700 underline dark:text-brand-100" href={`/api/v1/uploads/${uploadId}/report`}>
            Download the validation report (CSV)
          </a>
        ) : null}
        <a className="font-medium text-brand-700 underline dark:text-brand-100" href={`/batches/${created.parentId ?? created.batches[0].id}`}>
          Go to the batch
        </a>
      </div>
    </section>
  );
}
