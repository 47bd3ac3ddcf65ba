import { listProducts, productListQuerySchema } from "@/lib/enhance/list-products";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// ?cursor=&limit=&productStatus=: an enhance batch's products with their variants, for review.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const query = productListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listProducts(appContext().db, id, query));
});
