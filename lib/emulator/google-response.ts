import type http from "node:http";

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: object[] };
}

/** A Google answer waiting to be written: a status and a body, sometimes served as an event stream. */
export interface GoogleAnswer {
  status: number;
  body: object;
  /** Served as text/event-stream, as Google does for errors on the streaming route (the SDK then double-encodes it). */
  sse?: boolean;
  /** A 200 of streamGenerateContent: the body as one `data:` event. */
  stream?: boolean;
}

// The headers generativelanguage.googleapis.com sends with every answer (GEMINI-API.md §1.0).
export const GOOGLE_HEADERS = {
  server: "scaffolding on HTTPServer2",
  "x-content-type-options": "nosniff",
  "x-frame-options": "SAMEORIGIN",
  "x-xss-protection": "0",
  vary: "Origin, X-Origin, Referer",
};

export function googleError(code: number, status: string, message: string, details?: object[]): GoogleErrorBody {
  return { error: { code, message, status, ...(details?.length ? { details } : {}) } };
}

/** Writes an answer the way Google does: pretty-printed JSON with a trailing newline and Google's headers. */
export function sendGoogle(response: http.ServerResponse, answer: GoogleAnswer) {
  if (response.headersSent) return;
  const text = answer.stream ? `data: ${JSON.stringify(answer.body)}\r\n\r\n` : `${JSON.stringify(answer.body, null, 2)}\n`;
  const contentType = answer.sse || answer.stream ? { "content-type": "text/event-stream", "content-disposition": "attachment" } : { "content-type": "application/json; charset=UTF-8" };
  response.writeHead(answer.status, { ...GOOGLE_HEADERS, ...contentType }).end(text);
}

/** The emulator's own routes (/__emulator/*, /token) answer plain JSON. */
export function sendJson(response: http.ServerResponse, status: number, body: object) {
  if (!response.headersSent) response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
