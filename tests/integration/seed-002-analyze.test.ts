import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOverview } from "../../lib/dashboard/get-overview";
import { closeFaceDetector } from "../../lib/image-info/detect-faces";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { createTestDatabase } from "../helpers/test-database";

const BASE = "http://127.0.0.1:3000/api/v1";

interface Answer {
  request_id: string;
  timestamp: string;
  detected_objects: { object_id: string; name: string; confidence: number; bounding_box: Record<"x" | "y" | "width" | "height", number> }[];
  image_metadata?: { width: number; height: number; format: string; size_bytes: number; color_space: string };
  processing_time_ms: number;
  confidence_threshold: string | number;
  total_objects_detected: number;
  result: { objects?: unknown[] } & Record<string, unknown>;
  template: { name: string } | null;
  model: string;
  cached: boolean;
  usage: { cost_usd: number };
}

describe("seed 002's synchronous analysis as its curl lines write it", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let host: FaultImageHost;
  let auth: Record<string, string>;
  let photo: Buffer;

  const upload = (fields: Record<string, string>, image: Buffer = photo) => {
    const form = new FormData();
    form.append("image", new File([new Uint8Array(image)], "photo.png", { type: "image/png" }));
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return callRoute(new Request(`${BASE}/analyze/upload`, { method: "POST", headers: auth, body: form }));
  };
  const byUrl = (body: unknown) => callRoute(new Request(`${BASE}/analyze/url`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) }));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url, 2);
    await seedBuiltInTemplates(db);
    emulator = await startGeminiEmulator({ projects: { "seed-002": { rpm: 600, tpm: 10_000_000, rpd: 100_000 } }, keys: { "AIza-seed-002-key": "seed-002" }, latencyMs: 1 });
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-seed002-")),
      WORKER: "off",
      GEMINI_API_KEYS: "seed-002:AIza-seed-002-key",
      GEMINI_BASE_URL: emulator.url,
      FETCH_ALLOWLIST: "127.0.0.1",
      FETCH_TIMEOUT_MS: "5000",
    });
    auth = await apiAuthHeaders(database.url, "analyst");
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } }).png().toBuffer();
    host = await startFaultImageHost(photo);
  });
  afterAll(async () => {
    await closeFaceDetector();
    await host?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it("upload: -F image=@photo.png -F confidence_threshold=high -F max_objects=20 answers seed 002's shape", async () => {
    const response = await upload({ confidence_threshold: "high", max_objects: "20" });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(Date.parse(answer.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(answer.image_metadata).toEqual(expect.objectContaining({ width: 64, height: 48, format: "png", size_bytes: photo.length, color_space: "srgb" }));
    expect(answer.confidence_threshold).toBe("high");
    expect(answer.processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(answer.template?.name).toBe("Object detection");
    expect(Array.isArray(answer.result.objects)).toBe(true);
    expect(answer.total_objects_detected).toBe(answer.detected_objects.length);
    expect(answer.detected_objects.length).toBeLessThanOrEqual(20);
    for (const object of answer.detected_objects) {
      expect(object.confidence).toBeGreaterThanOrEqual(0.75);
      for (const side of Object.values(object.bounding_box)) expect(side >= 0 && side <= 1).toBe(true);
      expect(object.bounding_box.x + object.bounding_box.width).toBeLessThanOrEqual(1.0001);
    }
    // The same template's objects at threshold 0 are a superset, most confident first, and max_objects caps them.
    const all = (await (await upload({ confidence_threshold: "0", max_objects: "1000" })).json()) as Answer;
    expect(all.detected_objects.length).toBeGreaterThan(0);
    expect(all.detected_objects.length).toBe((all.result.objects ?? []).length);
    expect(all.detected_objects.length).toBeGreaterThanOrEqual(answer.detected_objects.length);
    const confidences = all.detected_objects.map((o) => o.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    const one = (await (await upload({ confidence_threshold: "0", max_objects: "1" })).json()) as Answer;
    expect(one.detected_objects).toHaveLength(Math.min(1, all.detected_objects.length));
  });

  it("the same image again comes from the result cache: no second Gemini call; usage and cost are counted", async () => {
    const before = emulator.stats().requests;
    const answer = (await (await upload({ confidence_threshold: "low" })).json()) as Answer;
    expect(answer.cached).toBe(true);
    expect(emulator.stats().requests).toBe(before);
    const usage = await db.apiAnalysis.findMany({ orderBy: { id: "asc" } });
    expect(usage.length).toBeGreaterThanOrEqual(4);
    expect(usage.filter((row) => !row.cached)).toHaveLength(1);
    expect(Number(usage[0].costMicros)).toBeGreaterThan(0);
    const day = await db.dailySpend.findFirstOrThrow();
    expect(day.calls).toBe(1);
    expect(day.spentMicros).toBe(usage[0].costMicros);
    // The dashboard's day counts them with the batches' images.
    const overview = await getOverview(db, true);
    expect(overview.apiAnalysesToday).toBe(usage.length);
    expect(overview.imagesToday).toBe(usage.length);
    expect(overview.tokensToday).toBe(usage.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0));
    expect(overview.costTodayUsd).toBeCloseTo(Number(usage[0].costMicros) / 1_000_000, 9);
  });

  it("url: {image_url, confidence_threshold, max_objects, include_metadata} fetched from an allowed loopback host", async () => {
    const response = await byUrl({ image_url: `${host.url}/ok/photo.png`, confidence_threshold: 0.5, max_objects: 5, include_metadata: false });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.image_metadata).toBeUndefined();
    expect(answer.detected_objects.every((o) => o.confidence >= 0.5)).toBe(true);
    expect(answer.detected_objects.length).toBeLessThanOrEqual(5);
  });

  it("templateId local: the offline analyzer (its measurements as the result; no objects in a plain green picture)", async () => {
    const answer = (await (await upload({ templateId: "local" })).json()) as Answer;
    expect(answer.template).toBeNull();
    expect(answer.detected_objects).toEqual([]);
    expect(answer.result).toEqual(expect.objectContaining({ width: 64, height: 48, format: "png", faces: [] }));
  });

  it("templateId local on a group photo: its faces as detected_objects named face, filtered by confidence and count", async () => {
    const group = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo", "sample5.jpg"));
    const answer = (await (await upload({ templateId: "local" }, group)).json()) as Answer;
    // Five women on a staircase, counted by eye.
    expect(answer.detected_objects).toHaveLength(5);
    expect(answer.total_objects_detected).toBe(5);
    for (const object of answer.detected_objects) {
      expect(object.name).toBe("face");
      expect(object.confidence).toBeGreaterThanOrEqual(0.5);
      expect(object.bounding_box.width).toBeGreaterThan(0.03);
      expect(object.bounding_box.x + object.bounding_box.width).toBeLessThanOrEqual(1);
    }
    expect(answer.model).toBe("local");
    expect(answer.usage.cost_usd).toBe(0);
    const two = (await (await upload({ templateId: "local", max_objects: "2" }, group)).json()) as Answer;
    expect(two.detected_objects.map((o) => o.object_id)).toEqual(["obj_1", "obj_2"]);
    expect(two.detected_objects[0].confidence).toBeGreaterThanOrEqual(two.detected_objects[1].confidence);
  });

  it("a file: URL, a private address, a bad threshold or no image are 400s with a message", async () => {
    const file = await byUrl({ image_url: "file:///etc/passwd" });
    expect(file.status).toBe(400);
    expect((await file.json()).error.message).toMatch(/image_url must be a full http\(s\) URL|http or https/);
    const privateHost = await byUrl({ image_url: "http://10.1.2.3/photo.jpg" });
    expect(privateHost.status).toBe(400);
    const refused = await privateHost.json();
    expect(refused.error.code).toBe("image_url_refused");
    expect(refused.error.message.length).toBeGreaterThan(20);
    const threshold = await upload({ confidence_threshold: "very" });
    expect(threshold.status).toBe(400);
    expect((await threshold.json()).error.message).toContain("confidence_threshold must be low, medium, high or a number from 0 to 1");
    const tooMany = await byUrl({ image_url: `${host.url}/ok/a.png`, max_objects: 0 });
    expect((await tooMany.json()).error.message).toContain("max_objects must be a whole number from 1 to 1000");
    const noImage = await callRoute(new Request(`${BASE}/analyze/upload`, { method: "POST", headers: auth, body: new FormData() }));
    expect(noImage.status).toBe(400);
  });
});
