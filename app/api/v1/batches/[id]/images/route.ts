import { batchMemberIds, listImages } from "@/lib/batches/list-images";
import { imageListQuerySchema } from "@/lib/batches/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { getResultFields, isNumericPath } from "@/lib/results/get-result-fields";
import { searchParamsObject } from "@/lib/results/parse-field-filter";
import { appContext } from "@/lib/server/app-context";

// The page of images and the result's fields (the results table's columns); filter=… (repeatable) and sort=…&order=… on fields.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const query = imageListQuerySchema.parse(searchParamsObject(new URL(request.url).searchParams));
  const { db } = appContext();
  const batchIds = await batchMemberIds(db, id);
  const fields = await getResultFields(db, batchIds);
  const page = await listImages(db, batchIds, query, query.sort ? isNumericPath(fields, query.sort.split(".")) : false);
  return Response.json({ ...page, fields }, { headers: { "cache-control": "no-store" } });
});
