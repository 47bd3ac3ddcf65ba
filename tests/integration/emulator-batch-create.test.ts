import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { jsonl, restFor, textLine, type Operation } from "./emulator-batch-helpers";
import { failureOf, sdkFor, typesOf, type GoogleErrorBody } from "./emulator-sdk-helpers";

// What batchGenerateContent refuses, and the faults of create itself: 429s with only a Help detail, answers that never come.
const KEY = "AIzaCreateKey0001";
const LEAKED_KEY = "AIzaCreateKey0002";
const QUOTA = { rpm: 1000, tpm: 100_000_000, rpd: 1_000_000 };
const TIMING = { pendingMs: 50, runningMs: 50 };
const oneRequest = (text = "hi") => ({ requests: { requests: [{ request: { contents: [{ parts: [{ text }] }] }, metadata: { key: "only" } }] } });

describe("emulator Batch API: create", () => {
  let emulator: GeminiEmulator;
  const rest = () => restFor(emulator, KEY);
  const errorOf = (body: unknown) => (body as GoogleErrorBody).error;

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { create: QUOTA }, keys: { [KEY]: "create", [LEAKED_KEY]: "create" }, faults: { keys: { [LEAKED_KEY]: "key-leaked" } }, batch: TIMING });
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ batch: TIMING });
  });

  it("refuses an unknown model (404), a missing or foreign file (404), a bad key (E8, or the key's fault), and a body with neither input", async () => {
    const unknownModel = await rest().create("gemini-9-ultra", { displayName: "x", inputConfig: oneRequest() });
    expect(unknownModel.status).toBe(404);
    expect(errorOf(unknownModel.body).message).toContain("models/gemini-9-ultra is not found for API version v1beta, or is not supported for batchGenerateContent");
    const missing = await rest().create("gemini-2.5-flash", { displayName: "x", inputConfig: { fileName: "files/nosuchfile1" } });
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).status).toBe("NOT_FOUND");
    expect((await rest().create("gemini-2.5-flash", { displayName: "x", inputConfig: {} })).status).toBe(400);
    expect((await restFor(emulator, "AIzaNobody").create("gemini-2.5-flash", { inputConfig: oneRequest() })).status).toBe(400);
    expect((await restFor(emulator, LEAKED_KEY).create("gemini-2.5-flash", { inputConfig: oneRequest() })).status).toBe(403);
    expect(emulator.stats().batch.createRefused).toMatchObject({ "model-not-found": 1, "file-not-found": 1, invalid: 1, key: 2 });
    expect(emulator.stats().batch.jobsCreated).toBe(0);
  });

  it("an inline body over 20 MiB is E18; an unknown field inline is the strict parser's 400", async () => {
    const big = await rest().create("gemini-2.5-flash", { displayName: "big", inputConfig: oneRequest("x".repeat(21 * 1024 * 1024)) });
    expect(big.status).toBe(400);
    expect(errorOf(big.body).message).toBe("Request payload size exceeds the limit: 20971520 bytes.");
    const flat = await rest().create("gemini-2.5-flash", { displayName: "flat", inputConfig: { requests: { requests: [{ request: { contents: [], temperature: 0.2 } }] } } });
    expect(flat.status).toBe(400);
    expect(errorOf(flat.body).message).toBe(`Invalid JSON payload received. Unknown name "temperature" at 'batch.input_config.requests.requests[0].request': Cannot find field.`);
  });

  it("validates the JSONL at create, naming lines and columns; unknown scalar fields pass, a flat thinking_config does not", async () => {
    const file = await rest().upload(
      [JSON.stringify(textLine("ok", "fine")), '{"key": "broken", "request": {', JSON.stringify({ key: "flat", request: { contents: [], temperature: 1, thinking_config: { thinking_budget: 0 } } }), JSON.stringify({ key: "lenient", request: { contents: [{ parts: [{ text: "x" }] }], temperature: 1 } })].join("\n"),
    );
    const refused = await rest().create("gemini-2.5-flash", { displayName: "bad-lines", inputConfig: { fileName: file } });
    expect(refused.status).toBe(400);
    const problems = errorOf(refused.body).message.split("\n");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Error on line 2: invalid JSON, near column \d+: unexpected character$/);
    expect(problems[1]).toMatch(/^Error on line 3: invalid JSON, near column \d+: no such field: 'thinking_config'$/);
    const empty = await rest().create("gemini-2.5-flash", { displayName: "empty", inputConfig: { fileName: await rest().upload("\n\n") } });
    expect(empty.status).toBe(400);
  });

  it("429-on-create-2: two bare 429s with only a Help detail for that display name, then the job is made", async () => {
    emulator.configure({ batch: { ...TIMING, jobFaults: { "flaky-": "429-on-create-2" } } });
    const ai = sdkFor(emulator, KEY);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { status, body } = await failureOf(ai.batches.create({ model: "gemini-2.5-flash", src: [{ contents: [{ role: "user", parts: [{ text: "hi" }] }] }], config: { displayName: "flaky-1" } }));
      expect(status).toBe(429);
      expect(body.error.status).toBe("RESOURCE_EXHAUSTED");
      expect(typesOf(body)).toEqual(["Help"]);
    }
    const made = await ai.batches.create({ model: "gemini-2.5-flash", src: [{ contents: [{ role: "user", parts: [{ text: "hi" }] }] }], config: { displayName: "flaky-1" } });
    expect(made.name).toMatch(/^batches\//);
    expect(emulator.stats().batch.createRefused["429-on-create"]).toBe(2);
  });

  it("create-timeout: the job is made but the answer never comes, so the client finds it by display name; create-dropped drops the connection", async () => {
    emulator.configure({ batch: { ...TIMING, jobFaults: { "lost-": "create-timeout", "dropped-": "create-dropped" } } });
    await expect(rest().create("gemini-2.5-flash", { displayName: "lost-1", inputConfig: oneRequest() }, AbortSignal.timeout(500))).rejects.toThrow();
    const listed = (await rest().call<{ operations: Operation[] }>("GET", "v1beta/batches?pageSize=100")).body.operations;
    const found = listed.find((operation) => operation.metadata.displayName === "lost-1")!;
    expect(found).toBeDefined();
    expect((await rest().waitFor(found.name)).metadata.state).toBe("BATCH_STATE_SUCCEEDED");
    // Create is not idempotent: a second create of that name is a second job, answered this time.
    expect((await rest().create("gemini-2.5-flash", { displayName: "lost-1", inputConfig: oneRequest() })).status).toBe(200);

    await expect(rest().create("gemini-2.5-flash", { displayName: "dropped-1", inputConfig: oneRequest() })).rejects.toThrow();
    const after = (await rest().call<{ operations: Operation[] }>("GET", "v1beta/batches")).body.operations;
    expect(after.map((operation) => operation.metadata.displayName)).toEqual(["dropped-1", "lost-1", "lost-1"]);
  });

  it("the enqueued-token cap per project and model: over it create is a bare 429, and a finished job frees its tokens", async () => {
    // Each request is 258 image-free text tokens: 1,032 characters.
    const text = "x".repeat(1032);
    emulator.configure({ batch: { pendingMs: 400, runningMs: 50, enqueuedTokens: { "gemini-2.5-flash": 600 } } });
    const first = await rest().create("gemini-2.5-flash", { displayName: "cap-1", inputConfig: { fileName: await rest().upload(jsonl([textLine("a", text), textLine("b", text)])) } });
    expect(first.status).toBe(200);
    expect(emulator.stats().batch.projects.create.enqueuedTokens).toBe(516);
    const second = await rest().create("gemini-2.5-flash", { displayName: "cap-2", inputConfig: oneRequest(text) });
    expect(second.status).toBe(429);
    expect(typesOf(second.body as unknown as GoogleErrorBody)).toEqual(["Help"]);
    // Another model has no cap here.
    expect((await rest().create("gemini-2.5-flash-lite", { displayName: "cap-3", inputConfig: oneRequest(text) })).status).toBe(200);
    await rest().waitFor(first.body.name);
    expect((await rest().create("gemini-2.5-flash", { displayName: "cap-2", inputConfig: oneRequest(text) })).status).toBe(200);
    expect(emulator.stats().batch.createRefused["enqueued-tokens"]).toBe(1);
  });

  it("at most maxActiveJobs jobs a project may have pending or running", async () => {
    emulator.configure({ batch: { pendingMs: 5000, maxActiveJobs: 2 } });
    expect((await rest().create("gemini-2.5-flash", { displayName: "a", inputConfig: oneRequest() })).status).toBe(200);
    expect((await rest().create("gemini-2.5-flash", { displayName: "b", inputConfig: oneRequest() })).status).toBe(200);
    expect((await rest().create("gemini-2.5-flash", { displayName: "c", inputConfig: oneRequest() })).status).toBe(429);
  });
});
