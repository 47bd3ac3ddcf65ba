import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import { stringify } from "csv-stringify";
import { SaxesParser } from "saxes";
import { badRequest } from "../errors";

/** An XML file starts with "<" (after a BOM and blank space); a CSV never does in practice. */
export async function looksLikeXml(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const sample = Buffer.alloc(512);
    const { bytesRead } = await handle.read(sample, 0, 512, 0);
    return /^(\ufeff)?\s*<(\?xml|rss|feed)\b/i.test(sample.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await handle.close();
  }
}

// One product: RSS 2.0 <item> or Atom <entry>, attributes as elements in Google's namespace (g:id) or none.
const PRODUCT = new Set(["item", "entry"]);
const localName = (name: string) => name.slice(name.indexOf(":") + 1).toLowerCase();

/** Streams every product's fields (repeated ones such as additional_image_link joined with commas) to `onProduct`. */
async function readProducts(file: string, onProduct: (fields: Map<string, string>) => Promise<void> | void) {
  const parser = new SaxesParser({ xmlns: false });
  let product: Map<string, string> | null = null;
  let field: string | null = null;
  let text = "";
  const pending: Map<string, string>[] = [];
  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    if (PRODUCT.has(name)) product = new Map();
    else if (product) {
      field = name;
      text = "";
    }
  });
  parser.on("text", (chunk) => {
    if (field) text += chunk;
  });
  parser.on("cdata", (chunk) => {
    if (field) text += chunk;
  });
  parser.on("closetag", (tag) => {
    const name = localName(tag.name);
    if (product && PRODUCT.has(name)) {
      pending.push(product);
      product = null;
    } else if (product && field === name) {
      const value = text.trim();
      const before = product.get(name);
      product.set(name, before ? `${before},${value}` : value);
      field = null;
    }
  });
  try {
    for await (const chunk of createReadStream(file, { encoding: "utf8" })) {
      parser.write(chunk as string);
      while (pending.length) await onProduct(pending.shift()!);
    }
    parser.close();
    while (pending.length) await onProduct(pending.shift()!);
  } catch (error) {
    throw badRequest("feed_malformed", `The XML feed could not be read: ${(error as Error).message.split("\n")[0]}`);
  }
}

const FIRST = ["id", "title", "image_link", "additional_image_link"];

/**
 * A Google Merchant XML feed (RSS 2.0 or Atom) rewritten in place as a TSV of its products: one row per <item>/<entry>,
 * one column per attribute seen (id, title, image_link, additional_image_link first). Two streamed passes: the columns,
 * then the rows; memory holds one product at a time.
 */
export async function merchantXmlToCsv(file: string): Promise<void> {
  const columns = new Set(FIRST);
  let products = 0;
  await readProducts(file, (fields) => {
    products += 1;
    for (const name of fields.keys()) columns.add(name);
  });
  if (products === 0) throw badRequest("feed_no_products", "The XML file holds no <item> or <entry> products: it is not a Google Merchant feed.");
  const header = [...columns];
  const temp = `${file}.tsv`;
  const out = stringify({ delimiter: "\t", header: true, columns: header });
  const written = once(out.pipe(createWriteStream(temp)), "finish");
  try {
    await readProducts(file, async (fields) => {
      if (!out.write(header.map((name) => fields.get(name) ?? ""))) await once(out, "drain");
    });
    out.end();
    await written;
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}
