import { compareSchema, compareTemplates } from "@/lib/analysis/compare-templates";
import { geminiAvailable } from "@/lib/gemini/gemini-available";
import { processKeyPool } from "@/lib/gemini/process-key-pool";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

// Body: { candidates: [{ templateId, version?, model? }] (2–3), batchId + sampleSize (5–50) or images: [{ sha256, name }] (5–50) }.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const input = compareSchema.parse(await request.json());
  const { db, config } = appContext();
  const ready = await geminiAvailable(db, config);
  return Response.json(await compareTemplates(db, config, uploadsStorage(config), () => processKeyPool(config), input, ready));
});
