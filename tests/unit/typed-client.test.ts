import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderClientTypes } from "../../lib/http/render-client-types";

describe("the typed TypeScript client (clients/typescript)", () => {
  it("its committed types are what openapi-typescript makes of the current OpenAPI document (run `npm run client:generate`)", async () => {
    const committed = readFileSync("clients/typescript/schema.d.ts", "utf8");
    const current = await renderClientTypes();
    expect(committed === current, "clients/typescript/schema.d.ts is stale: run `npm run client:generate` and commit it").toBe(true);
  });

  it("knows the seed calls, webhooks and their answers", () => {
    const committed = readFileSync("clients/typescript/schema.d.ts", "utf8");
    for (const path of ['"/analyze/url"', '"/analyze/upload"', '"/batches/{id}/status"', '"/batches/related/{id}"', '"/batch-data/export"', '"/webhooks"', '"/webhooks/{id}/deliveries/{deliveryId}/redeliver"']) {
      expect(committed).toContain(path);
    }
    expect(committed).toMatch(/detected_objects: \{/);
    expect(committed).toMatch(/"Idempotency-Key"\?: string/);
  });
});
