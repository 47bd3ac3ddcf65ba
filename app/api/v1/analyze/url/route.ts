import { analyzeOneImage, analyzeOptionsSchema } from "@/lib/analysis/analyze-one-image";
import { processKeyPool } from "@/lib/gemini/process-key-pool";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { fetchImageInput, imageUrlSchema, readJsonBody } from "@/lib/transforms/read-image-input";

const analyzeUrlSchema = analyzeOptionsSchema.extend({ image_url: imageUrlSchema });

// Seed 002: {"image_url", "confidence_threshold", "max_objects", "include_metadata", "templateId"?} → one image analysed now.
export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const { db, config } = appContext();
  const { image_url, ...options } = analyzeUrlSchema.parse(await readJsonBody(request));
  const image = await fetchImageInput(image_url, config, request.signal);
  return Response.json(await analyzeOneImage(db, config, () => processKeyPool(config), { bytes: image.bytes, options, source: "url", userId: principal.userId }));
});
