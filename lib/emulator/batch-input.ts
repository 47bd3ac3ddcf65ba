import { createReadStream } from "node:fs";
import readline from "node:readline";
import { estimateTokens } from "./batch-estimate";
import { checkRequest, lineProblem } from "./batch-request";
import type { EmulatedModel } from "./known-models";

/** One line of a JSONL input: `{"key": "…", "request": {GenerateContentRequest}}`. */
export type InputLine = { key?: string; metadata?: Record<string, unknown>; request: Record<string, unknown> } | { problem: string };

const LINE_FIELDS = new Set(["key", "request", "metadata"]);
// Google lists the first problems of a file, not all of them.
const PROBLEMS_LISTED = 10;

/** Every non-blank line of a JSONL file, one at a time: a file of 100,000 images never sits in memory. */
export async function* linesOf(path: string): AsyncGenerator<{ line: string; number: number }> {
  const reader = readline.createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of reader) {
    number += 1;
    if (line.trim()) yield { line, number };
  }
}

/** A line read and checked; what would make create refuse the file comes back as its message. */
export function parseLine(line: string, number: number): InputLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const position = Number((error as Error).message.match(/position (\d+)/)?.[1] ?? 0);
    return { problem: `Error on line ${number}: invalid JSON, near column ${position + 1}: unexpected character` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { problem: `Error on line ${number}: invalid JSON, near column 1: unexpected character; expected '{'` };
  const fields = parsed as Record<string, unknown>;
  const unknown = Object.keys(fields).find((field) => !LINE_FIELDS.has(field));
  if (unknown) return { problem: lineProblem(number, line, { field: unknown, message: `no such field: '${unknown}'` }) };
  if (fields.request === undefined) return { problem: `Error on line ${number}: missing field: 'request'` };
  const checked = checkRequest(fields.request, false);
  if ("problem" in checked) return { problem: lineProblem(number, line, checked.problem) };
  const metadata = typeof fields.metadata === "object" && fields.metadata !== null ? (fields.metadata as Record<string, unknown>) : undefined;
  const key = typeof fields.key === "string" ? fields.key : typeof metadata?.key === "string" ? (metadata.key as string) : undefined;
  return { key, metadata, request: checked.request };
}

/**
 * What create learns from an input file before it answers, as Google validates a file at create: how many requests,
 * their estimated prompt tokens, and the problems that refuse it ("Error on line N: …", the first ten, one a line).
 */
export async function scanInputFile(path: string, model: EmulatedModel): Promise<{ requestCount: number; tokens: number; problems: string[] }> {
  let requestCount = 0;
  let tokens = 0;
  const problems: string[] = [];
  for await (const { line, number } of linesOf(path)) {
    requestCount += 1;
    const parsed = parseLine(line, number);
    if ("problem" in parsed) {
      if (problems.length < PROBLEMS_LISTED) problems.push(parsed.problem);
      continue;
    }
    tokens += estimateTokens(parsed.request, model);
    // A long scan must not keep the emulator from answering other calls.
    if (requestCount % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { requestCount, tokens, problems };
}
