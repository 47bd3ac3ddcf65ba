import { z } from "zod";

/** A condition on one field of a result: `category = shoes`, `confidence >= 0.8`, `caption ~ red`, `box.label != cat`. */
export interface FieldFilter {
  /** The field's path in the result: a template field's name, dotted for an object's property. */
  path: string[];
  operator: FieldOperator;
  value: string;
}

export const FIELD_OPERATORS = ["=", "!=", ">", ">=", "<", "<=", "~"] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const FILTER = new RegExp(`^\\s*(${NAME}(?:\\.${NAME})*)\\s*(!=|>=|<=|=|>|<|~)\\s*(.*?)\\s*$`, "s");
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
export const FILTER_HELP = 'Write a filter as field, operator and value: "category = shoes", "verdict != pass", "confidence >= 0.8" or "caption ~ red" (~ is "contains").';

/** Reads one filter, or says what is wrong with it. Quotes around the value are optional ("busy street" or busy street). */
export function parseFieldFilter(text: string): FieldFilter | { problem: string } {
  const match = FILTER.exec(text);
  if (!match) return { problem: `"${text.slice(0, 80)}" is not a filter. ${FILTER_HELP}` };
  const [, path, operator, rawValue] = match;
  const value = /^(["']).*\1$/s.test(rawValue) ? rawValue.slice(1, -1) : rawValue;
  if (!value && operator !== "=" && operator !== "!=") return { problem: `"${text.slice(0, 80)}" needs a value after ${operator}.` };
  if ([">", ">=", "<", "<="].includes(operator) && !NUMBER.test(value)) return { problem: `"${text.slice(0, 80)}": ${operator} compares numbers; "${value.slice(0, 40)}" is not a number.` };
  if (path.split(".").includes("__proto__")) return { problem: "__proto__ is not a field." };
  return { path: path.split("."), operator: operator as FieldOperator, value };
}

/** `filter` query parameters (each one condition, all must hold), as read by the images list, the export and bulk review. */
export const fieldFiltersSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, context) => {
    const texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (texts.length > 8) {
      context.addIssue({ code: "custom", message: "At most 8 field filters at once." });
      return z.NEVER;
    }
    const filters: FieldFilter[] = [];
    for (const text of texts.filter((t) => t.trim())) {
      if (text.length > 500) {
        context.addIssue({ code: "custom", message: "A filter is at most 500 characters." });
        return z.NEVER;
      }
      const parsed = parseFieldFilter(text);
      if ("problem" in parsed) {
        context.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      }
      filters.push(parsed);
    }
    return filters;
  })
  .describe('Conditions on the result\'s fields, all of which must hold: repeat the parameter for more (filter=category%20%3D%20shoes&filter=confidence%20%3E%3D%200.8). Operators = != > >= < <= and ~ (contains, any case). = also matches a list holding the value.');

/** The query string's parameters as an object, repeated ones (filter=…&filter=…) as arrays. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    object[key] = all.length > 1 ? all : all[0];
  }
  return object;
}

export const isNumberText = (value: string) => NUMBER.test(value);
