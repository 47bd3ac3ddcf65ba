import { beforeAll, describe, expect, it } from "vitest";
import { completeImage } from "../../lib/orchestration/finish-image";
import { parseFieldFilter, type FieldFilter } from "../../lib/results/parse-field-filter";
import { reviewInBulk } from "../../lib/review/review-in-bulk";
import { listReviewQueue } from "../../lib/review/review-queue";
import { reviewRulesSchema } from "../../lib/review/review-rules";
import { setReviewRules } from "../../lib/review/set-review-rules";
import { useTestDatabase } from "../helpers/test-database";

const FIELDS = [
  { name: "category", type: "enum", enumValues: ["shoes", "bags", "hats"] },
  { name: "confidence", type: "number" },
  { name: "objects", type: "list", items: { name: "object", type: "object", properties: [{ name: "label", type: "string" }, { name: "confidence", type: "number" }, { name: "box", type: "list", items: { name: "coordinate", type: "integer" } }] } },
];
const rules = (input: Record<string, unknown>) => reviewRulesSchema.parse(input);

describe("review routed by the template's rules, and bulk decisions (real PostgreSQL)", () => {
  const testDb = useTestDatabase();
  let templateId = "";
  let versionId = "";
  let sequence = 0;

  beforeAll(async () => {
    const template = await testDb.db.analysisTemplate.create({ data: { name: "Routing", versions: { create: { version: 1, instructions: "x", fields: FIELDS } } }, include: { versions: true } });
    templateId = template.id;
    versionId = template.versions[0].id;
  });

  /** A new image, held by a worker, completed with this result: where did it go? */
  async function complete(result: unknown, options: { batchId?: string; sha256?: string; model?: string; cached?: boolean } = {}) {
    const batchId = options.batchId ?? (await testDb.db.batch.create({ data: { name: `b${++sequence}`, templateVersionId: versionId, processingCount: 1 } })).id;
    const image = await testDb.db.image.create({ data: { batchId, name: `i${++sequence}`, status: "processing", workerId: "w1", sha256: options.sha256 ?? null } });
    const unfinished = await completeImage(testDb.db, image.id, "w1", { result, cached: options.cached ?? false, inputTokens: 1, outputTokens: 1, costMicros: 1, model: options.model ?? "gemini-2.5-flash", templateVersionId: versionId });
    expect(unfinished).not.toBeNull();
    return testDb.db.image.findUniqueOrThrow({ where: { id: image.id } });
  }
  // Boxes as results store them: normalised to 0–1 (the template says integers, as Gemini answers on 0–1000).
const good = (confidence: number, category = "shoes") => ({ category, confidence, objects: [{ label: "shoe", confidence, box: [0.1, 0.2, 0.5, 0.6] }] });

  it("without rules every result waits for a person, saying so", async () => {
    const image = await complete(good(0.99));
    expect(image).toMatchObject({ reviewStatus: "pending_review", reviewReason: "review_all" });
    expect(image.reviewNote).toMatch(/no auto-approval rule/);
  });

  it("confidence ≥ threshold is approved; below it, a misfit answer and the QA sample go to people with the reason", async () => {
    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "confidence", threshold: 0.8 }));
    const sure = await complete(good(0.91));
    expect(sure).toMatchObject({ reviewStatus: "approved", reviewReason: "auto_approved", reviewedById: null });
    expect(sure.reviewedAt).toBeInstanceOf(Date);
    expect(sure.reviewNote).toContain("confidence 0.91 ≥ 0.8");

    const unsure = await complete(good(0.42));
    expect(unsure).toMatchObject({ reviewStatus: "pending_review", reviewReason: "low_confidence" });
    expect(unsure.reviewNote).toContain("confidence 0.42 < 0.8");

    const misfit = await complete({ category: "umbrellas", confidence: 0.99, objects: [] });
    expect(misfit).toMatchObject({ reviewStatus: "pending_review", reviewReason: "schema_failure" });
    expect(misfit.reviewNote).toContain('category: "umbrellas" is not one of shoes, bags, hats');
    const missing = await complete({ confidence: 0.99, objects: [] });
    expect(missing.reviewNote).toContain("category is missing");

    // A list's lowest confidence counts.
    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "objects.confidence", threshold: 0.8 }));
    const box = [0.1, 0.1, 0.4, 0.4];
    expect((await complete({ category: "bags", confidence: 1, objects: [{ label: "a", confidence: 0.95, box }, { label: "b", confidence: 0.6, box }] })).reviewReason).toBe("low_confidence");
    expect((await complete({ category: "bags", confidence: 0, objects: [{ label: "a", confidence: 0.95, box }, { label: "b", confidence: 0.85, box }] })).reviewStatus).toBe("approved");
    // A box whose coordinates are not numbers does not fit.
    expect((await complete({ category: "bags", confidence: 0.99, objects: [{ label: "a", confidence: 0.95, box: ["a", 1, 2, 3] }] })).reviewNote).toContain('objects[0].box[0]: "a" is not a whole number');

    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "confidence", threshold: 0.5, qaSamplePercent: 100 }));
    const sampled = await complete(good(0.99));
    expect(sampled).toMatchObject({ reviewStatus: "pending_review", reviewReason: "qa_sample" });
  });

  it("a QA sample of N % sends about N % of confident results to people", async () => {
    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "confidence", threshold: 0.5, qaSamplePercent: 20 }));
    const batch = await testDb.db.batch.create({ data: { name: "qa", templateVersionId: versionId, processingCount: 200 } });
    const routed = [];
    for (let i = 0; i < 200; i++) routed.push((await complete(good(0.9), { batchId: batch.id })).reviewReason);
    const sampled = routed.filter((reason) => reason === "qa_sample").length;
    expect(sampled).toBeGreaterThan(20);
    expect(sampled).toBeLessThan(65);
    expect(routed.filter((reason) => reason === "auto_approved").length).toBe(200 - sampled);
  });

  it("agreement between two runs: another model's earlier answer on the same image approves when it agrees, and names the difference when not", async () => {
    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, agreementFields: ["category"] }));
    const sha = "a".repeat(64);
    const first = await complete(good(0.3, "shoes"), { sha256: sha, model: "gemini-2.5-flash-lite" });
    expect(first.reviewNote).toContain("no earlier run");
    const agreeing = await complete(good(0.2, "shoes"), { sha256: sha, model: "gemini-2.5-flash" });
    expect(agreeing).toMatchObject({ reviewStatus: "approved", reviewReason: "auto_approved" });
    const disagreeing = await complete(good(0.2, "bags"), { sha256: sha, model: "gemini-2.5-pro" });
    expect(disagreeing).toMatchObject({ reviewStatus: "pending_review", reviewReason: "disagreement" });
    expect(disagreeing.reviewNote).toContain('category ("shoes" then, "bags" now)');
    // The result cache's copy of an answer is not a second run.
    const other = "b".repeat(64);
    await complete(good(0.3, "hats"), { sha256: other, model: "gemini-2.5-flash-lite" });
    expect((await complete(good(0.3, "hats"), { sha256: other, model: "gemini-2.5-flash", cached: true })).reviewStatus).toBe("pending_review");
  });

  it("rules naming fields the template does not have, or a confidence that is not a number, are refused", async () => {
    await expect(setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "score" }))).rejects.toThrow(/"score" is not a field of Routing/);
    await expect(setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "category" }))).rejects.toThrow(/not numbers/);
    await expect(setReviewRules(testDb.db, templateId, rules({ autoApprove: true, agreementFields: ["colour"] }))).rejects.toThrow(/"colour" is not a field/);
    expect(() => rules({ autoApprove: true })).toThrow(/name a confidence field/);
    expect(() => rules({ threshold: 1.5 })).toThrow(/from 0 to 1/);
  });

  it("the queue says why each item waits; bulk approve decides exactly a filtered selection and refuses one that grew", async () => {
    await setReviewRules(testDb.db, templateId, rules({ autoApprove: true, confidenceField: "confidence", threshold: 0.8 }));
    const batch = await testDb.db.batch.create({ data: { name: "bulk", templateVersionId: versionId, processingCount: 12 } });
    for (let i = 0; i < 12; i++) await complete(good(i % 2 ? 0.3 : 0.95, ["shoes", "bags", "hats"][i % 3]), { batchId: batch.id });
    await complete({ category: "nope", confidence: 1, objects: [] }, { batchId: batch.id });

    const queue = await listReviewQueue(testDb.db, { batchId: batch.id, limit: 50, filter: [] });
    expect(queue.pending).toBe(7);
    expect(queue.byReason).toEqual({ low_confidence: 6, schema_failure: 1 });
    expect(queue.items[0]).toMatchObject({ reviewReason: "low_confidence", reviewNote: expect.stringContaining("< 0.8") });

    const shoes = [parseFieldFilter("category = shoes") as FieldFilter];
    const lowShoes = await listReviewQueue(testDb.db, { batchId: batch.id, limit: 50, reason: "low_confidence", filter: shoes });
    expect(lowShoes.pending).toBe(2);
    await expect(reviewInBulk(testDb.db, { decision: "approve", batchId: batch.id, reason: "low_confidence", filter: [], expectedCount: 5 }, null)).rejects.toThrow(/6 items match now/);
    await expect(reviewInBulk(testDb.db, { decision: "approve", filter: [] }, null)).rejects.toThrow(/Choose what to decide on/);

    const reviewer = await testDb.db.user.create({ data: { email: "bulk@loupe.test", passwordHash: "x", role: "reviewer" } });
    expect(await reviewInBulk(testDb.db, { decision: "approve", batchId: batch.id, reason: "low_confidence", filter: shoes, expectedCount: 2 }, reviewer.id)).toEqual({ decision: "approve", changed: 2 });
    const after = await testDb.db.image.groupBy({ by: ["reviewStatus", "reviewReason"], where: { batchId: batch.id }, _count: true });
    const count = (status: string, reason: string) => after.find((row) => row.reviewStatus === status && row.reviewReason === reason)?._count ?? 0;
    expect(count("approved", "low_confidence")).toBe(2);
    expect(count("pending_review", "low_confidence")).toBe(4);
    expect(count("pending_review", "schema_failure")).toBe(1);
    expect(count("approved", "auto_approved")).toBe(6);
    expect(await testDb.db.image.count({ where: { batchId: batch.id, reviewedById: reviewer.id } })).toBe(2);

    expect(await reviewInBulk(testDb.db, { decision: "reject", batchId: batch.id, filter: [] }, reviewer.id)).toEqual({ decision: "reject", changed: 5 });
    expect((await listReviewQueue(testDb.db, { batchId: batch.id, limit: 50, filter: [] })).pending).toBe(0);
  });
});
