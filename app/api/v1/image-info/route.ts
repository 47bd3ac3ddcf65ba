import { badRequest, LoupeError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { describeImage, imageInfoQuerySchema } from "@/lib/image-info/describe-image";
import { appContext } from "@/lib/server/app-context";
import { fetchImageInput, imageUrlSchema, isMultipart, readMultipartImage } from "@/lib/transforms/read-image-input";

// viewer: describing an image changes nothing and needs no Gemini key (it runs here, offline), like reading a batch.

// GET ?url=…&ocr=1&faces=1: the image at url, fetched SSRF-safely.
export const GET = withApi({ role: "viewer" }, async ({ request }) => {
  const query = imageInfoQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.url) throw badRequest("url_missing", "Give the image's address as ?url=https://… (or POST the file as multipart `image`).");
  const image = await fetchImageInput(imageUrlSchema.parse(query.url), appContext().config, request.signal);
  return Response.json(await describeImage(image.bytes, image.mimeType, { ocr: query.ocr, faces: query.faces }));
});

// POST multipart/form-data: an `image` file; ocr=1 and faces=1 as query parameters or form fields.
export const POST = withApi({ role: "viewer" }, async ({ request }) => {
  if (!isMultipart(request)) throw new LoupeError(415, "unsupported_media_type", "Send the image as multipart/form-data with a file field named `image` (or GET ?url=… for an image on the web).");
  const { image, fields } = await readMultipartImage(request, appContext().config);
  const option = (name: string) => new URL(request.url).searchParams.get(name) ?? fields.get(name) ?? undefined;
  const query = imageInfoQuerySchema.parse({ ocr: option("ocr"), faces: option("faces") });
  return Response.json(await describeImage(image.bytes, image.mimeType, { ocr: query.ocr, faces: query.faces }));
});
