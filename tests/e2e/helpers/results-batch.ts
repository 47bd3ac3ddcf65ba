import { expect, type APIRequestContext } from "@playwright/test";
import { makePng } from "./image-server";

/** A template whose results have an enum to filter on, a number to sort by, a list and boxes (shown as a count). */
export const SHELF_FIELDS = [
  { name: "category", type: "enum", enumValues: ["shoes", "bags", "hats"] },
  { name: "verdict", type: "enum", enumValues: ["pass", "fail"] },
  { name: "confidence", type: "number", description: "From 0 to 1" },
  { name: "tags", type: "list", items: { name: "tag", type: "string" } },
  { name: "objects", type: "list", items: { name: "object", type: "object", properties: [{ name: "label", type: "string" }, { name: "box", type: "list", items: { name: "coordinate", type: "integer" } }] } },
];

export async function createTemplate(request: APIRequestContext, name: string, fields: unknown[] = SHELF_FIELDS, extra: Record<string, unknown> = {}) {
  const response = await request.post("/api/v1/templates", { data: { name, instructions: "Look at the product photo.", fields, ...extra } });
  expect(response.status(), await response.text()).toBe(201);
  const body = await response.json();
  return (body.template ?? body) as { id: string };
}

export async function uploadPngs(request: APIRequestContext, count: number, seed: number, prefix: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => (await request.post("/api/v1/uploads/images", { data: await makePng(seed + i), headers: { "x-file-name": `${prefix}-${i + 1}.png`, "content-type": "image/png" } })).json()),
  );
}

/** A batch of `count` generated PNGs analysed with the template, finished. */
export async function finishedBatch(request: APIRequestContext, { name, templateId, count, seed }: { name: string; templateId: string; count: number; seed: number }) {
  const images = await uploadPngs(request, count, seed, name.toLowerCase().replace(/\W+/g, "-"));
  const created = await request.post("/api/v1/batches", { data: { name, templateId, images } });
  expect(created.status(), await created.text()).toBe(201);
  const batchId = (await created.json()).batches[0].id as string;
  await expect.poll(async () => (await (await request.get(`/api/v1/batches/${batchId}`)).json()).status, { timeout: 60_000 }).toBe("completed");
  return batchId;
}
