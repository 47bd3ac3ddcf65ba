import { badRequest } from "../errors";

/**
 * Commerce feeds as image rows. A Shopify product export has one row per image (and per variant) grouped by Handle, the
 * product's Title only on its first row; a Google Merchant feed has one row per product with `image_link` and
 * `additional_image_link` (comma-separated). Both become one record per image, in the file's own columns, with the
 * product's id and title on every record and the image's position (1 = the main image) in the position column.
 */
export type FeedKind = "shopify" | "merchant";

export const SHOPIFY = { handle: "Handle", title: "Title", image: "Image Src", position: "Image Position", alt: "Image Alt Text", variantImage: "Variant Image", seoTitle: "SEO Title", seoDescription: "SEO Description" };
export const MERCHANT = { id: "id", title: "title", image: "image_link", additional: "additional_image_link", position: "image_position" };

const normal = (column: string) => column.trim().toLowerCase().replace(/^g:/, "");
const find = (header: string[], name: string) => header.findIndex((column) => normal(column) === normal(name));

/** A mapping's feed as sent: one of the kinds, or a 400 that names them. */
export function feedKindOf(feed: string | null | undefined): FeedKind | null {
  if (!feed) return null;
  if (feed === "shopify" || feed === "merchant") return feed;
  throw badRequest("invalid_feed", `mapping.feed must be "shopify" (a Shopify product export) or "merchant" (a Google Merchant feed), or left out; got "${feed.slice(0, 40)}".`);
}

/** Which feed a header is, from its columns. */
export function detectFeed(header: string[]): FeedKind | null {
  if (find(header, SHOPIFY.handle) >= 0 && find(header, SHOPIFY.image) >= 0) return "shopify";
  if (find(header, MERCHANT.id) >= 0 && find(header, MERCHANT.image) >= 0) return "merchant";
  return null;
}

/** The header records come out with: a Merchant feed gains its position column. */
export function feedHeader(kind: FeedKind, header: string[]): string[] {
  return kind === "merchant" && find(header, MERCHANT.position) < 0 ? [...header, MERCHANT.position] : header;
}

/** The mapping a feed starts with (editable like any other): image URL, product id, title, and what an export needs back. */
export function feedMapping(kind: FeedKind, header: string[]) {
  const named = (name: string) => header[find(header, name)] ?? null;
  if (kind === "shopify") {
    const carry = [SHOPIFY.position, SHOPIFY.alt].map(named).filter((column): column is string => column !== null);
    return { feed: kind, url: named(SHOPIFY.image)!, externalId: named(SHOPIFY.handle), name: named(SHOPIFY.title), carry };
  }
  return { feed: kind, url: named(MERCHANT.image)!, externalId: named(MERCHANT.id), name: named(MERCHANT.title), carry: [named(MERCHANT.position) ?? MERCHANT.position] };
}

/** The records of a feed, one per image (see above). `header` is the file's own header. */
export async function* feedRecords(kind: FeedKind, header: string[], records: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  if (kind === "shopify") yield* shopifyRecords(header, records);
  else yield* merchantRecords(header, records);
}

async function* shopifyRecords(header: string[], records: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  const [handle, title, image, position, variantImage] = [SHOPIFY.handle, SHOPIFY.title, SHOPIFY.image, SHOPIFY.position, SHOPIFY.variantImage].map((name) => find(header, name));
  let current = { handle: "", title: "", seen: new Set<string>(), next: 1 };
  for await (const record of records) {
    const product = (record[handle] ?? "").trim();
    if (!product) continue;
    if (product !== current.handle) current = { handle: product, title: "", seen: new Set(), next: 1 };
    if (title >= 0 && record[title]?.trim()) current.title = record[title].trim();
    const urls = [record[image], variantImage >= 0 ? record[variantImage] : ""].map((url) => (url ?? "").trim()).filter(Boolean);
    for (const [index, url] of urls.entries()) {
      if (current.seen.has(url)) continue; // a variant's image is usually one of the product's images already
      current.seen.add(url);
      const out = [...record];
      out[image] = url;
      if (title >= 0) out[title] = current.title;
      const given = index === 0 && position >= 0 ? Number.parseInt(record[position] ?? "", 10) : NaN;
      const at = Number.isFinite(given) && given > 0 ? given : current.next;
      current.next = Math.max(current.next, at) + 1;
      if (position >= 0) out[position] = String(at);
      yield out;
    }
  }
}

async function* merchantRecords(header: string[], records: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  const [image, additional] = [find(header, MERCHANT.image), find(header, MERCHANT.additional)];
  const given = find(header, MERCHANT.position);
  const position = given >= 0 ? given : header.length;
  for await (const record of records) {
    const links = [record[image] ?? "", ...(additional >= 0 ? (record[additional] ?? "").split(",") : [])].map((url) => url.trim()).filter(Boolean);
    for (const [index, url] of [...new Set(links)].entries()) {
      const out = [...record];
      while (out.length < header.length) out.push("");
      out[image] = url;
      if (additional >= 0) out[additional] = "";
      out[position] = String(index + 1);
      yield out;
    }
  }
}
