import { GoogleGenAI, type GenerateContentConfig } from "@google/genai";
import sharp from "sharp";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";

/** Shared by the emulator-*.test.ts files: the real SDK pointed at the emulator, images, and Google's error bodies read back. */
export const sdkFor = (emulator: GeminiEmulator, apiKey: string) => new GoogleGenAI({ apiKey, apiVersion: "v1beta", httpOptions: { baseUrl: emulator.url } });

export const solidImage = (width: number, height: number, seed = 0) =>
  sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 37) % 256, b: (seed * 91) % 256 } } })
    .png()
    .toBuffer();

export const imageContents = (image: Buffer, text = "Describe the image.") => [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: image.toString("base64") } }, { text }] }];

export const CAPTION_SCHEMA = { type: "OBJECT", properties: { caption: { type: "STRING" } }, required: ["caption"] };

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: Record<string, unknown>[] };
}

/** What the SDK throws for a non-2xx answer: the HTTP status and the JSON body it put in the message. */
export async function failureOf(call: Promise<unknown>): Promise<{ status: number; body: GoogleErrorBody }> {
  const error = (await call.then(
    () => null,
    (caught: unknown) => caught,
  )) as { status?: number; message?: string } | null;
  if (!error) throw new Error("expected the call to fail");
  return { status: error.status ?? 0, body: JSON.parse(error.message ?? "{}") };
}

/** One generateContent with a behaviour asked for in the x-emulate header. */
export function generateWith(ai: GoogleGenAI, behaviour: string | null, image: Buffer, model = "gemini-2.5-flash", config: GenerateContentConfig = {}) {
  return ai.models.generateContent({
    model,
    contents: imageContents(image),
    config: { responseMimeType: "application/json", responseSchema: CAPTION_SCHEMA, ...config, ...(behaviour ? { httpOptions: { headers: { "x-emulate": behaviour } } } : {}) },
  });
}

export const typesOf = (body: GoogleErrorBody) => (body.error.details ?? []).map((detail) => String(detail["@type"]).replace("type.googleapis.com/google.rpc.", ""));
export const detailOf = (body: GoogleErrorBody, type: string) => body.error.details?.find((detail) => detail["@type"] === `type.googleapis.com/google.rpc.${type}`) as Record<string, unknown> | undefined;
