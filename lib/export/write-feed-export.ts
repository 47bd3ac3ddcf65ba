import { once } from "node:events";
import type { Writable } from "node:stream";
import { IMAGE_ID_COLUMN, jsonCell, type Cell, type ExportColumn, type ExportRow } from "./export-columns";
import { spreadsheetCell } from "./neutralize-cell";
import { csvLine } from "./write-export";

/** Which result fields fill which feed columns: Shopify's alt text and SEO, or a Merchant supplemental feed's attributes. */
export interface FeedChoice {
  altText?: string;
  seoTitle?: string;
  seoDescription?: string;
  /** Merchant: [attribute, result field] pairs, e.g. [["description", "caption"]]. */
  attributes?: [string, string][];
}

const text = (value: string | null) => value;
const RESULT = "COALESCE(NULLIF(i.reviewed_result, 'null'::jsonb), i.result)";
const resultField = (name: string): ExportColumn => ({ header: name, sql: (param) => `(${RESULT})->${param(name)}`, value: jsonCell });
// The position an import carried: Shopify's own column, or the one a Merchant feed's expansion adds.
const POSITION: ExportColumn = { header: "position", sql: () => `COALESCE(i.carried->>'Image Position', i.carried->>'image_position')`, value: text };

/** The columns read for a feed export; the first is the image id (keyset pages), then product, image, position, status. */
export function feedColumns(kind: "shopify" | "merchant", choice: FeedChoice): ExportColumn[] {
  const base: ExportColumn[] = [
    IMAGE_ID_COLUMN,
    { header: "product", sql: () => "i.external_id", value: text },
    { header: "title", sql: () => "i.name", value: text },
    { header: "image", sql: () => "i.source_url", value: text },
    POSITION,
    { header: "status", sql: () => "i.status::text", value: text },
  ];
  const chosen = kind === "shopify" ? [choice.altText, choice.seoTitle, choice.seoDescription].filter((name): name is string => Boolean(name)) : (choice.attributes ?? []).map(([, field]) => field);
  return [...base, ...chosen.map(resultField)];
}

async function write(stream: Writable, chunk: string) {
  if (!stream.write(chunk)) await once(stream, "drain");
}

// A model's words are untrusted: cells a spreadsheet would run as a formula are neutralised; ids and URLs stay as imported.
const fromModel = (value: Cell) => {
  const cell = spreadsheetCell(value);
  return cell === null || cell === undefined ? "" : String(cell);
};

/**
 * A Shopify product CSV that imports back (Products → Import, "overwrite products with matching handles"): one row per
 * image with Handle, Image Src, Image Position and Image Alt Text from the chosen field; Title and the optional SEO
 * columns on each product's first row, as Shopify's own export has them. Images without a result keep an empty alt text.
 */
export async function writeShopifyExport(choice: FeedChoice, pages: AsyncIterable<ExportRow[]>, output: Writable) {
  const header = ["Handle", "Title", "Image Src", "Image Position", "Image Alt Text", ...(choice.seoTitle ? ["SEO Title"] : []), ...(choice.seoDescription ? ["SEO Description"] : [])];
  await write(output, csvLine(header));
  let lastHandle: string | null = null;
  for await (const rows of pages) {
    let chunk = "";
    for (const row of rows) {
      const [, product, title, image, position, status, ...fields] = row;
      if (!product || !image) continue;
      const first = product !== lastHandle;
      lastHandle = product;
      const answered = status === "succeeded";
      const cell = (at: number) => (answered && fields[at] !== undefined ? fromModel(jsonCell(fields[at])) : "");
      let at = 0;
      const alt = choice.altText ? cell(at++) : "";
      const seoTitle = choice.seoTitle ? cell(at++) : null;
      const seoDescription = choice.seoDescription ? cell(at++) : null;
      chunk += csvLine([product, first ? (title ?? "") : "", image, position ?? "", alt, ...(seoTitle !== null ? [first ? seoTitle : ""] : []), ...(seoDescription !== null ? [first ? seoDescription : ""] : [])]);
    }
    await write(output, chunk);
  }
  output.end();
}

// Tab-separated as Merchant Center's text feeds are; a tab or line break inside a value would end the field or the row.
const tsvField = (value: string) => value.replace(/[\t\r\n]+/g, " ");

/**
 * A Google Merchant supplemental feed: `id` and the chosen attributes, one row per product, from its main image's
 * result (position 1, else its first image with one). Products without an answered image are left out.
 */
export async function writeMerchantExport(choice: FeedChoice, pages: AsyncIterable<ExportRow[]>, output: Writable) {
  const attributes = choice.attributes ?? [];
  await write(output, `${["id", ...attributes.map(([attribute]) => attribute)].join("\t")}\n`);
  let done: string | null = null;
  for await (const rows of pages) {
    let chunk = "";
    for (const row of rows) {
      const [, product, , , , status, ...fields] = row;
      if (!product || status !== "succeeded" || product === done) continue;
      done = product; // a product's images are consecutive (as the feed listed them): its first answered one speaks for it
      chunk += `${[product, ...attributes.map((_, at) => fromModel(jsonCell(fields[at] ?? null)))].map(tsvField).join("\t")}\n`;
    }
    await write(output, chunk);
  }
  output.end();
}
