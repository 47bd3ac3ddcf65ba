import type { ExportColumn } from "./export-columns";

// The image's transform output (its newest generation): one index lookup on image_outputs' unique key per column.
const newestTransform = (column: string) =>
  `(SELECT o.${column} FROM image_outputs o WHERE o.image_id = i.id AND o.kind = 'transform' AND o.position = 0 ORDER BY o.generation DESC LIMIT 1)`;
const integer = (value: string | null) => (value === null ? null : Number(value));

/** Where each image's transformed output is (a download URL under baseUrl) and what it is: for batches with a transform. */
export function outputColumns(baseUrl: string): ExportColumn[] {
  const base = baseUrl.replace(/\/+$/, "");
  return [
    { header: "output_url", sql: () => newestTransform("id::text"), value: (id) => (id === null ? null : `${base}/api/v1/outputs/${id}/file`) },
    { header: "output_width", sql: () => newestTransform("width"), value: integer },
    { header: "output_height", sql: () => newestTransform("height"), value: integer },
    { header: "output_type", sql: () => newestTransform("mime_type"), value: (text) => text },
    { header: "output_bytes", sql: () => newestTransform("bytes"), value: integer },
  ];
}
