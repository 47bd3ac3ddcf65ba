import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { JobState } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { answerText, CAPTION_CONFIG, jsonl, restFor, textLine, type Operation } from "./emulator-batch-helpers";
import { failureOf, imageContents, sdkFor, solidImage } from "./emulator-sdk-helpers";

// The Batch API's wire format (GEMINI-API.md §3.3) through raw REST and @google/genai: inline and file jobs, polling, listing, cancel, delete.
const KEY = "AIzaBatchKey0001";
const OTHER_PROJECT_KEY = "AIzaBatchKey0002";
// One request a minute interactively: the Batch API has its own limits, so jobs still run every line.
const QUOTA = { rpm: 1, tpm: 1_000, rpd: 10 };
const TIMING = { pendingMs: 100, runningMs: 200 };

describe("emulator Batch API", () => {
  let emulator: GeminiEmulator;
  let scratch: string;
  const rest = () => restFor(emulator, KEY);
  const ai = () => sdkFor(emulator, KEY);

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { batch: QUOTA, other: QUOTA }, keys: { [KEY]: "batch", [OTHER_PROJECT_KEY]: "other" }, batch: TIMING });
    scratch = await mkdtemp(path.join(os.tmpdir(), "emulator-batch-test-"));
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ batch: TIMING });
  });

  it("an inline job in snake_case: the PENDING Operation, then RUNNING, then results under metadata.output and response, matched by key", async () => {
    const requests = ["a", "b", "c"].map((key) => ({ request: { contents: [{ parts: [{ text: `Describe ${key}.` }] }], generation_config: { response_mime_type: "application/json", response_schema: CAPTION_CONFIG.responseSchema } }, metadata: { key } }));
    const created = await rest().create("gemini-2.5-flash", { display_name: "inline-job", input_config: { requests: { requests } } });
    expect(created.status).toBe(200);
    const operation = created.body;
    expect(operation.name).toMatch(/^batches\/[a-z0-9]{36}$/);
    expect(operation).not.toHaveProperty("done");
    expect(operation.metadata).toMatchObject({
      "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
      model: "models/gemini-2.5-flash",
      displayName: "inline-job",
      batchStats: { requestCount: "3", pendingRequestCount: "3" },
      state: "BATCH_STATE_PENDING",
      name: operation.name,
    });
    expect(operation.metadata.createTime).toBe(operation.metadata.updateTime);

    const running = await rest().waitFor(operation.name, (seen) => seen.metadata.state !== "BATCH_STATE_PENDING");
    expect(running.metadata.state).toBe("BATCH_STATE_RUNNING");
    expect(running).not.toHaveProperty("done");

    const done = await rest().waitFor(operation.name);
    expect(done.done).toBe(true);
    expect(done.metadata.state).toBe("BATCH_STATE_SUCCEEDED");
    expect(done.metadata.batchStats).toEqual({ requestCount: "3", successfulRequestCount: "3" });
    expect(Date.parse(done.metadata.endTime!)).toBeGreaterThan(Date.parse(done.metadata.createTime));
    expect(done.response!["@type"]).toBe("type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
    expect(done.response!.inlinedResponses).toEqual(done.metadata.output!.inlinedResponses);
    const entries = done.response!.inlinedResponses!.inlinedResponses;
    expect(entries.map((entry) => entry!.metadata!.key)).toEqual(["a", "b", "c"]);
    for (const entry of entries) expect(JSON.parse(answerText(entry!.response))).toHaveProperty("caption");
    expect(emulator.stats().projects.batch?.accepted ?? 0).toBe(0); // nothing interactive was counted
  });

  it("a file job through @google/genai: upload the JSONL, create from it, poll, download the responses file and match lines by key", async () => {
    const image = await solidImage(64, 48, 3);
    const lines = [
      { key: "image-1", request: { contents: imageContents(image), generationConfig: { ...CAPTION_CONFIG, thinkingConfig: { thinkingBudget: 0 } } } },
      textLine("overloaded", "EMULATE:503 please"),
      textLine("blocked", "EMULATE:prompt-blocked"),
      textLine("thinks", "Describe it.", { ...CAPTION_CONFIG, thinking_config: { thinking_budget: 512 } }),
    ];
    const input = path.join(scratch, "requests.jsonl");
    await (await import("node:fs/promises")).writeFile(input, jsonl(lines));
    const file = await ai().files.upload({ file: input, config: { mimeType: "application/jsonl", displayName: "requests" } });
    const job = await ai().batches.create({ model: "gemini-2.5-flash", src: file.name!, config: { displayName: "file-job" } });
    expect(job.state).toBe(JobState.JOB_STATE_PENDING);
    const raw = await rest().waitFor(job.name!);
    expect(raw.metadata.inputConfig).toEqual({ fileName: file.name });
    expect(raw.metadata.batchStats).toEqual({ requestCount: "4", successfulRequestCount: "3", failedRequestCount: "1" });
    const done = await ai().batches.get({ name: job.name! });
    expect(done.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    expect(done.dest?.fileName).toBe(`files/batch-${job.name!.split("/")[1]}`);
    expect(raw.response!.responsesFile).toBe(done.dest?.fileName);

    const downloadPath = path.join(scratch, "responses.jsonl");
    await ai().files.download({ file: done.dest!.fileName!, downloadPath });
    const output = (await readFile(downloadPath, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(output.map((line) => line.key)).toEqual(["image-1", "overloaded", "blocked", "thinks"]);
    const byKey = Object.fromEntries(output.map((line) => [line.key, line]));
    expect(byKey["image-1"].response.usageMetadata.promptTokensDetails).toContainEqual({ modality: "IMAGE", tokenCount: 258 });
    expect(byKey["image-1"].response.usageMetadata.thoughtsTokenCount).toBeUndefined();
    expect(byKey.overloaded).toEqual({ key: "overloaded", error: { code: 14, message: "The model is overloaded. Please try again later." } });
    expect(byKey.blocked.response.promptFeedback).toEqual({ blockReason: "PROHIBITED_CONTENT" });
    expect(byKey.thinks.response.usageMetadata.thoughtsTokenCount).toBeLessThanOrEqual(512);
    expect(await rest().download(done.dest!.fileName!)).toEqual(output); // the docs' /download/… route serves the same bytes

    const stats = emulator.stats();
    expect(stats.batch).toMatchObject({ jobsCreated: 1, requestsAnswered: 4, requestsFailed: 1, states: { SUCCEEDED: 1 } });
    expect(stats.batch.projects.batch.promptTokens).toBeGreaterThan(258);
    expect(stats.batch.projects.batch.candidatesTokens).toBeGreaterThan(0);
    expect(stats.files).toMatchObject({ generated: 1, downloads: 2 });
  });

  it("batchStats move while RUNNING: pendingRequestCount falls as lines are answered, and goes at the end", async () => {
    emulator.configure({ batch: { pendingMs: 50, runningMs: 1500 } });
    const name = (await rest().create("gemini-2.5-flash-lite", { displayName: "progress", inputConfig: { fileName: await rest().upload(jsonl(Array.from({ length: 30 }, (_, index) => textLine(`k${index}`, `line ${index}`)))) } })).body.name;
    const midway = await rest().waitFor(name, (seen) => Number(seen.metadata.batchStats.successfulRequestCount ?? 0) >= 5);
    expect(midway.metadata.state).toBe("BATCH_STATE_RUNNING");
    const pending = Number(midway.metadata.batchStats.pendingRequestCount);
    expect(pending).toBeGreaterThan(0);
    expect(pending + Number(midway.metadata.batchStats.successfulRequestCount)).toBe(30);
    expect(midway.metadata.updateTime > midway.metadata.createTime).toBe(true);
    const done = await rest().waitFor(name);
    expect(done.metadata.batchStats).toEqual({ requestCount: "30", successfulRequestCount: "30" });
  });

  it("lists newest first with pageSize and pageToken, per project, so a job is found by its display name; the SDK's pager walks it", async () => {
    const names: string[] = [];
    for (let index = 0; index < 5; index += 1) names.push((await rest().create("gemini-2.5-flash", { displayName: `listed-${index}`, inputConfig: { requests: { requests: [{ request: { contents: [{ parts: [{ text: "hi" }] }] } }] } } })).body.name);
    const seen: string[] = [];
    let token = "";
    for (let page = 0; page < 5; page += 1) {
      const { body } = await rest().call<{ operations?: Operation[]; nextPageToken?: string }>("GET", `v1beta/batches?pageSize=2${token ? `&pageToken=${token}` : ""}`);
      seen.push(...(body.operations ?? []).map((operation) => operation.metadata.displayName!));
      if (!body.nextPageToken) break;
      token = body.nextPageToken;
    }
    expect(seen).toEqual(["listed-4", "listed-3", "listed-2", "listed-1", "listed-0"]);
    const pager = await ai().batches.list({ config: { pageSize: 2 } });
    const viaSdk: string[] = [];
    for await (const job of pager) viaSdk.push(job.name!);
    expect(viaSdk).toEqual([...names].reverse());
    expect((await restFor(emulator, OTHER_PROJECT_KEY).call("GET", "v1beta/batches")).body).toEqual({});
    expect((await restFor(emulator, OTHER_PROJECT_KEY).get(names[0])).status).toBe(404);
  });

  it("cancel: a running job stops taking requests and keeps what it answered; a pending one has no output; a finished one is a 400", async () => {
    emulator.configure({ batch: { pendingMs: 20, runningMs: 3000 } });
    const name = (await rest().create("gemini-2.5-flash", { displayName: "to-cancel", inputConfig: { fileName: await rest().upload(jsonl(Array.from({ length: 40 }, (_, index) => textLine(`k${index}`, `line ${index}`)))) } })).body.name;
    await rest().waitFor(name, (seen) => Number(seen.metadata.batchStats.successfulRequestCount ?? 0) >= 3);
    await ai().batches.cancel({ name });
    const cancelled = await rest().get(name);
    expect(cancelled.body.metadata.state).toBe("BATCH_STATE_CANCELLED");
    expect(cancelled.body.done).toBe(true);
    expect(cancelled.body.metadata.batchStats).not.toHaveProperty("pendingRequestCount");
    const answered = Number(cancelled.body.metadata.batchStats.successfulRequestCount);
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(answered).toBeLessThan(40);
    const lines = await rest().download(cancelled.body.metadata.output!.responsesFile!);
    expect(lines.map((line) => line.key)).toEqual(Array.from({ length: answered }, (_, index) => `k${index}`));

    emulator.configure({ batch: { pendingMs: 5000 } });
    const pending = (await rest().create("gemini-2.5-flash", { displayName: "cancel-pending", inputConfig: { requests: { requests: [{ request: { contents: [{ parts: [{ text: "hi" }] }] } }] } } })).body.name;
    expect((await rest().call("POST", `v1beta/${pending}:cancel`, {})).body).toEqual({});
    const none = (await rest().get(pending)).body;
    expect(none.metadata.state).toBe("BATCH_STATE_CANCELLED");
    expect(none.metadata.output).toBeUndefined();
    expect(none.response).toBeUndefined();
    expect((await rest().call("POST", `v1beta/${pending}:cancel`, {})).status).toBe(400);
  });

  it("delete: stops and forgets the job (then 404); the SDK's delete and the docs' POST :delete both work", async () => {
    const created = async (displayName: string) => (await rest().create("gemini-2.5-flash", { displayName, inputConfig: { requests: { requests: [{ request: { contents: [{ parts: [{ text: "hi" }] }] } }] } } })).body.name;
    const first = await created("delete-1");
    await rest().waitFor(first);
    expect((await rest().call("DELETE", `v1beta/${first}`)).body).toEqual({});
    expect((await rest().get(first)).status).toBe(404);
    const second = await created("delete-2");
    await ai().batches.delete({ name: second });
    expect((await failureOf(ai().batches.get({ name: second }))).status).toBe(404);
    const third = await created("delete-3");
    expect((await rest().call("POST", `v1beta/${third}:delete`, {})).status).toBe(200);
    expect((await rest().call("DELETE", `v1beta/${third}`)).status).toBe(404);
    expect(emulator.stats().batch.states).toEqual({});
  });

  it("reset stops and forgets every job, running or not", async () => {
    emulator.configure({ batch: { pendingMs: 5000 } });
    await rest().create("gemini-2.5-flash", { displayName: "forgotten", inputConfig: { requests: { requests: [{ request: { contents: [{ parts: [{ text: "hi" }] }] } }] } } });
    emulator.reset();
    expect((await rest().call("GET", "v1beta/batches")).body).toEqual({});
    expect(emulator.stats().batch).toMatchObject({ jobsCreated: 0, states: {} });
  });

  it("the SDK's inline create: InlinedRequest[] with config and metadata, results in dest.inlinedResponses", async () => {
    const image = await solidImage(32, 32, 9);
    const job = await ai().batches.create({
      model: "gemini-2.5-flash",
      src: [
        { contents: imageContents(image), config: { responseMimeType: "application/json", responseSchema: CAPTION_CONFIG.responseSchema }, metadata: { key: "photo" } },
        { contents: [{ role: "user", parts: [{ text: "EMULATE:safety-no-content" }] }], metadata: { key: "unsafe" } },
      ],
      config: { displayName: "sdk-inline" },
    });
    await rest().waitFor(job.name!);
    const done = await ai().batches.get({ name: job.name! });
    const responses = done.dest!.inlinedResponses!;
    expect(responses.map((entry) => entry.metadata?.key)).toEqual(["photo", "unsafe"]);
    // The SDK hands back plain objects here, not GenerateContentResponse instances (no .text getter).
    expect(JSON.parse(responses[0].response!.candidates![0].content!.parts![0].text!)).toHaveProperty("caption");
    expect(responses[1].response!.candidates![0].finishReason).toBe("SAFETY");
  });
});
