import { badRequest, LoupeError } from "@/lib/errors";
import { processKeyPool } from "@/lib/gemini/process-key-pool";
import { readFormFile } from "@/lib/http/read-form-file";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { tryTemplate, tryTemplateSchema } from "@/lib/analysis/try-template";
import { geminiAvailable } from "@/lib/gemini/gemini-available";

// multipart/form-data (read as a stream): `image` (one image file) and `template` (JSON: { instructions, fields, model?,
// thinking?, mediaResolution?, maxOutputTokens? }) → the answer with the tokens and cost it took, stored nowhere.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { config } = appContext();
  const limit = config.MAX_UPLOAD_MB * 1024 * 1024;
  const tooLarge = () => new LoupeError(413, "file_too_large", `The sample image is larger than ${config.MAX_UPLOAD_MB} MB.`);
  if (Number(request.headers.get("content-length") ?? 0) > limit + 1024 * 1024) throw tooLarge();
  const { file, fields } = await readFormFile(request, { field: "image", maxBytes: limit, tooLarge, hint: "send the sample with an `image` file and a `template` field" });
  if (!file || file.bytes.length === 0) throw badRequest("image_missing", "Choose a sample image to try the template on.");
  const template = tryTemplateSchema.parse(JSON.parse(fields.get("template") ?? "null"));
  const ready = await geminiAvailable(appContext().db, config);
  return Response.json(await tryTemplate(config, () => processKeyPool(config), template, file.bytes, ready));
});
