import { startCreatedBatches } from "@/lib/batches/start-created-batches";
import { createProducts } from "@/lib/enhance/create-products";
import { bulkProductsSchema } from "@/lib/enhance/schemas";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

// Seed 003: { templateId, products: [{ sku?, category?, raw_image, mrp?, price?, discount?, gst?, …any }] } → one enhance batch.
export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const body = bulkProductsSchema.parse(await request.json());
  const { db, config, jobs } = appContext();
  const { created, response } = await createProducts(db, config, body, principal.userId);
  await startCreatedBatches(await jobs(), created);
  return Response.json(response, { status: 201 });
});
