import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";

/** Shared by the emulator-batch*.test.ts files: the Batch and Files APIs over plain REST, as Loupe's batch engine calls them. */
export interface Operation {
  name: string;
  metadata: {
    "@type": string;
    model: string;
    displayName?: string;
    state: string;
    createTime: string;
    updateTime: string;
    endTime?: string;
    batchStats: Record<string, string>;
    inputConfig?: { fileName: string };
    output?: { responsesFile?: string; inlinedResponses?: { inlinedResponses: (InlinedResponse | null)[] } };
  };
  done?: boolean;
  response?: { "@type": string; responsesFile?: string; inlinedResponses?: { inlinedResponses: (InlinedResponse | null)[] } };
  error?: { code: number; message: string };
}

export interface InlinedResponse {
  response?: { candidates?: { content?: { parts?: { text?: string }[] }; finishReason?: string }[]; usageMetadata?: Record<string, number>; promptFeedback?: object };
  error?: { code: number; message: string };
  metadata?: { key?: string };
}

export type OutputLine = { key?: string } & Pick<InlinedResponse, "response" | "error">;

export const CAPTION_CONFIG = { responseMimeType: "application/json", responseSchema: { type: "OBJECT", properties: { caption: { type: "STRING" } }, required: ["caption"] } };

/** A JSONL line of the REST shape: the prompt as text (EMULATE:<b> markers work there), generationConfig nested. */
export const textLine = (key: string, text: string, generationConfig: object = CAPTION_CONFIG) => ({ key, request: { contents: [{ role: "user", parts: [{ text }] }], generationConfig } });

export function restFor(emulator: GeminiEmulator, apiKey: string) {
  const call = async <T = Operation>(method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const response = await fetch(`${emulator.url}/${path}`, { method, headers: { "x-goog-api-key": apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body), signal });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    call,
    create: (model: string, batch: object, signal?: AbortSignal) => call("POST", `v1beta/models/${model}:batchGenerateContent`, { batch }, signal),
    get: (name: string) => call("GET", `v1beta/${name}`),
    /** Polls until the job is done (or `until` says so), returning the last Operation. */
    async waitFor(name: string, until: (operation: Operation) => boolean = (operation) => operation.done === true, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await call("GET", `v1beta/${name}`);
        if (until(body) || Date.now() > deadline) return body;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    },
    async upload(text: string | { path: string }, displayName = "requests.jsonl") {
      const size = typeof text === "string" ? Buffer.byteLength(text) : (await stat(text.path)).size;
      const started = await fetch(`${emulator.url}/upload/v1beta/files`, {
        method: "POST",
        headers: { "x-goog-api-key": apiKey, "content-type": "application/json", "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start", "x-goog-upload-header-content-length": String(size), "x-goog-upload-header-content-type": "application/jsonl" },
        body: JSON.stringify({ file: { displayName } }),
      });
      const body = typeof text === "string" ? text : (Readable.toWeb(createReadStream(text.path)) as ReadableStream);
      const finished = await fetch(started.headers.get("x-goog-upload-url")!, { method: "POST", headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0", "content-length": String(size) }, body, duplex: "half" } as RequestInit);
      return ((await finished.json()) as { file: { name: string } }).file.name;
    },
    async download(fileName: string): Promise<OutputLine[]> {
      const response = await fetch(`${emulator.url}/download/v1beta/${fileName}:download?alt=media`, { headers: { "x-goog-api-key": apiKey } });
      if (!response.ok) throw new Error(`download ${response.status}: ${await response.text()}`);
      return (await response.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line) as OutputLine);
    },
  };
}

export const jsonl = (lines: object[]) => `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`;

export const answerText = (response: InlinedResponse["response"]) => response?.candidates?.[0]?.content?.parts?.map((part) => part.text ?? "").join("") ?? "";
