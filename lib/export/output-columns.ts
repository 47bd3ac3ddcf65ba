import type { ExportColumn } from "./export-columns";

// The image's transform output (its newest generation): one index lookup on image_outputs' unique key per column.
const newestTransform = (column: string) =>
  `(SELECT o.${column} FROM image_outputs o WHERE o.image_id = i.id AND o.kind = 'transform' AND o.position = 0 ORDER BY o.generation DESC LIMIT 1)`;
const integer = (value: string | null) => (value === null ? null : Number(value));

/** Where each image's transformed output is (a download URL under baseUrl) and what it is: for batches with a transform. */
export function outputColumns(baseUrl: string): ExportColumn[] {
  const base = baseUrl.replace(/\/+$/, "");
  return [
    {
      header: "output_url",
      sql: () => newestTransform("id::text"),
      value: (id) => (id === null ? null : `${base}/api/v1/outputs/${id}/file`),
      copySql: (param) => `(${param(`${base}/api/v1/outputs/`)} || ${newestTransform("id::text")} || '/file')`,
    },
    { header: "output_width", sql: () => newestTransform("width"), value: integer, kind: "integer" },
    { header: "output_height", sql: () => newestTransform("height"), value: integer, kind: "integer" },
    { header: "output_type", sql: () => newestTransform("mime_type"), value: (text) => text },
    { header: "output_bytes", sql: () => newestTransform("bytes"), value: integer, kind: "integer" },
  ];
}

// An enhance product's variants, as download URLs joined with " " (newest first, then by number).
const variantUrls = (base: string, where: string) =>
  `(SELECT string_agg('${base}/api/v1/outputs/' || o.id::text || '/file', ' ' ORDER BY o.generation DESC, o.position) FROM image_outputs o WHERE o.image_id = i.id AND o.kind = 'variant' AND ${where})`;

/** An enhance batch's products: their state, and where their variants are (approved ones, and the newest generation's). */
export function variantColumns(baseUrl: string): ExportColumn[] {
  const base = baseUrl.replace(/\/+$/, "").replace(/'/g, "''");
  const newest = "o.generation = (SELECT max(n.generation) FROM image_outputs n WHERE n.image_id = i.id AND n.kind = 'variant')";
  return [
    { header: "product_status", sql: () => "i.product_status::text", value: (text) => text, kind: "safe" },
    { header: "approved_variant_urls", sql: () => variantUrls(base, "o.review_status = 'approved'"), value: (text) => text },
    { header: "variant_urls", sql: () => variantUrls(base, newest), value: (text) => text },
    { header: "variants_approved", sql: () => "(SELECT count(*) FROM image_outputs o WHERE o.image_id = i.id AND o.kind = 'variant' AND o.review_status = 'approved')::text", value: integer, kind: "integer" },
  ];
}
