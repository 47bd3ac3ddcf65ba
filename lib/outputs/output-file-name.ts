import { FILE_EXTENSIONS, MIME_TYPES, type OutputFormat } from "../transforms/output-formats";

const EXTENSION_BY_MIME = new Map(Object.entries(MIME_TYPES).map(([format, mime]) => [mime, FILE_EXTENSIONS[format as OutputFormat]]));

/** The extension an image of this media type is saved with ("image/webp" → "webp"). */
export const extensionFor = (mimeType: string) => EXTENSION_BY_MIME.get(mimeType) ?? mimeType.replace(/^image\//, "").replace(/[^a-z0-9]/gi, "") ?? "bin";

/**
 * A file name for an output that is safe on every system and in a ZIP: the image's external id (a SKU, when the CSV had
 * one) or its name without its extension, else `image-<id>`; path separators, control and reserved characters become
 * "_", no leading dots, at most 120 characters; then the output's extension (and `-v<n>` for a variant).
 */
export function outputFileName(image: { id: bigint | string; name: string | null; externalId: string | null }, mimeType: string, position = 0): string {
  const given = image.externalId?.trim() || (image.name ?? "").split(/[\\/]/).pop()!.replace(/\.[A-Za-z0-9]{1,5}$/, "").trim();
  const safe = given
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- control characters have no place in a file name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 120);
  const base = safe && !/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(safe) ? safe : `image-${image.id}`;
  return `${base}${position > 0 ? `-v${position}` : ""}.${extensionFor(mimeType)}`;
}

/** Hands out each name once (case-insensitively, as Windows and macOS compare them): "shoe.webp", "shoe-2.webp", … */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(name: string): string {
    const dot = name.lastIndexOf(".");
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let candidate = name;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${extension}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
