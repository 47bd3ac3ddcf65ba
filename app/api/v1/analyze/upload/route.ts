import { analyzeOneImage, analyzeOptionsSchema } from "@/lib/analysis/analyze-one-image";
import { processKeyPool } from "@/lib/gemini/process-key-pool";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { readMultipartImage } from "@/lib/transforms/read-image-input";

// Seed 002: multipart `image` file with `confidence_threshold`, `max_objects`, `include_metadata`, `templateId` fields.
export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const { db, config } = appContext();
  const { image, fields } = await readMultipartImage(request, config);
  const text = (name: string) => (typeof fields.get(name) === "string" && String(fields.get(name)).trim() ? String(fields.get(name)).trim() : undefined);
  const options = analyzeOptionsSchema.parse({ confidence_threshold: text("confidence_threshold"), max_objects: text("max_objects"), include_metadata: text("include_metadata"), templateId: text("templateId") });
  return Response.json(await analyzeOneImage(db, config, () => processKeyPool(config), { bytes: image.bytes, options, source: "upload", userId: principal.userId }));
});
