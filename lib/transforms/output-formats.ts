/** The formats a transform can write (sharp's encoders in this build), their media types and the largest side each takes. */
export const OUTPUT_FORMATS = ["jpeg", "png", "webp", "avif", "tiff", "gif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const FORMAT_ALIASES: Record<string, OutputFormat> = { jpg: "jpeg", jpe: "jpeg", tif: "tiff" };

export const MIME_TYPES: Record<OutputFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  tiff: "image/tiff",
  gif: "image/gif",
};

export const FILE_EXTENSIONS: Record<OutputFormat, string> = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif", tiff: "tif", gif: "gif" };

/** Each encoder's own ceiling on either side (WebP's bitstream stores 14 bits; GIF's 16). */
export const MAX_SIDE_BY_FORMAT: Record<OutputFormat, number> = { jpeg: 65_535, png: 100_000, webp: 16_383, avif: 65_536, tiff: 100_000, gif: 65_535 };

export const FORMATS_SENTENCE = "jpeg, png, webp, avif, tiff or gif";

/** The format a result gets when the operations name none: the input's own when Loupe can write it, else PNG (JPEG for HEIC photos). */
export function defaultOutputFormat(inputFormat: string | undefined, compression?: string): OutputFormat {
  if (inputFormat === "heif") return compression === "av1" ? "avif" : "jpeg";
  const named = inputFormat ? (FORMAT_ALIASES[inputFormat] ?? inputFormat) : "";
  return (OUTPUT_FORMATS as readonly string[]).includes(named) ? (named as OutputFormat) : "png";
}
