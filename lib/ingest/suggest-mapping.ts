import { detectFeed, feedMapping, type FeedKind } from "./feed-rows";
import { imageUrlProblem } from "./validate-image-url";

export interface ColumnMapping {
  url: string;
  name?: string | null;
  externalId?: string | null;
  carry?: string[];
  /** A commerce feed's rows expand to one image each (lib/ingest/feed-rows.ts); null: one row, one image. */
  feed?: FeedKind | string | null;
}

/** A Shopify export or a Merchant feed gets its preset; otherwise the mapping is guessed from the header and sample rows: the column that is mostly http(s) URLs, a name, an id. */
export function suggestMapping(columns: string[], rows: string[][]): ColumnMapping | null {
  const feed = detectFeed(columns);
  if (feed) return feedMapping(feed, columns);
  const urlScores = columns.map((_, index) => rows.filter((row) => row[index] && imageUrlProblem(row[index]) === null).length);
  const best = urlScores.indexOf(Math.max(...urlScores));
  const headerLooksLikeUrl = columns.findIndex((column) => /^(image[_ ]?)?(url|link|src|image)$/i.test(column.trim()));
  const urlIndex = urlScores[best] > 0 ? best : headerLooksLikeUrl;
  if (urlIndex < 0) return null;
  const find = (pattern: RegExp) => columns.find((column, index) => index !== urlIndex && pattern.test(column.trim())) ?? null;
  const name = find(/^(name|title|file ?name|product ?name|label)$/i);
  const externalId = find(/^(id|sku|external[_ ]?id|product[_ ]?id|ref|reference)$/i);
  return { url: columns[urlIndex], name, externalId, carry: columns.filter((column, index) => index !== urlIndex && column !== name && column !== externalId) };
}
