import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { readTransformRequest, transformImage, transformResponseHeaders } from "@/lib/transforms/transform-image";

// multipart/form-data (`image` file, `operations` JSON) or JSON { image_url, operations } → the transformed image's bytes.
// analyst: a transform spends this server's CPU on demand (as trying a template spends Gemini's) and can fetch URLs.
export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const { input, operations } = await readTransformRequest(request, appContext().config);
  const result = await transformImage(input, operations);
  return new Response(new Uint8Array(result.data), { headers: transformResponseHeaders(result) });
});
