import { z } from "zod";

/**
 * PostgreSQL text cannot hold a NUL character, and a lone UTF-16 surrogate cannot be stored as UTF-8 (it would silently
 * become U+FFFD). Input with either is refused up front with a clear message instead of failing in the database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = "must not contain NUL characters or broken Unicode (lone surrogates)";

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/** A string that PostgreSQL can keep exactly as sent. */
export const storableText = () => z.string().refine(isStorableText, { message: MESSAGE });

/** How deeply arrays and objects nest in a JSON value (walked without recursion, so any depth is safe to measure). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (!item || typeof item !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Every key and string in a JSON value, without recursion. */
function* textsOf(value: unknown): Generator<string> {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === "string") yield item;
    else if (item && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        yield key;
        stack.push(child);
      }
    }
  }
}

/** A JSON value to be stored as jsonb: at most `maxDepth` levels deep, every key and string storable. */
export function storableJsonProblem(value: unknown, maxDepth: number): string | null {
  if (jsonDepth(value) > maxDepth) return `is nested too deeply (at most ${maxDepth} levels)`;
  for (const text of textsOf(value)) if (!isStorableText(text)) return MESSAGE;
  return null;
}
