import type { ZodError, ZodType } from "zod";
import { badRequest } from "../errors";
import { TRANSFORM_LIMITS } from "./limits";
import { cropStrategySchema, OPERATION_ALIASES, OPERATION_NAMES, OPERATION_SCHEMAS, type Operation, type OperationName } from "./operations-schema";

export interface OperationIssue {
  /** Where, as a person reads it: `operations[2].sigma`. */
  path: string;
  message: string;
}

const EXAMPLE = '[{"op":"resize","width":1200},{"op":"format","format":"webp"}]';

function fieldsOf(schema: ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return Object.keys(shape).filter((key) => key !== "op");
}

function takes(name: string, schema: ZodType) {
  const fields = fieldsOf(schema);
  return fields.length ? `${name} takes ${fields.join(", ")}` : `${name} takes no fields`;
}

function describeZodIssues(error: ZodError, at: string, name: string, schema: ZodType): OperationIssue[] {
  // An unknown field first: it is usually a misspelling, and explains the "required" issue that comes with it.
  const issues = [...error.issues].sort((a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"));
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => `"${key}"`).join(", ");
      return { path: at, message: `has ${issue.keys.length > 1 ? "unknown fields" : "an unknown field"} ${keys}: ${takes(name, schema)}` };
    }
    const field = issue.path.map(String).join(".");
    return { path: field ? `${at}.${field}` : at, message: issue.message };
  });
}

function schemaFor(name: OperationName, value: Record<string, unknown>): ZodType {
  if (name === "crop" && "strategy" in value) return cropStrategySchema;
  return OPERATION_SCHEMAS[name];
}

function parseOne(value: unknown, index: number): { operation?: Operation; issues: OperationIssue[] } {
  const at = `operations[${index}]`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { issues: [{ path: at, message: 'must be an object such as {"op":"blur","sigma":2}' }] };
  }
  const record = value as Record<string, unknown>;
  const known = OPERATION_NAMES.join(", ");
  if (record.op === undefined) return { issues: [{ path: `${at}.op`, message: `is required: name the operation, one of ${known}` }] };
  if (typeof record.op !== "string") return { issues: [{ path: `${at}.op`, message: `must be the operation's name, one of ${known}` }] };
  const written = record.op.trim().toLowerCase();
  const name = (OPERATION_NAMES as string[]).includes(written) ? (written as OperationName) : OPERATION_ALIASES[written];
  if (!name) return { issues: [{ path: `${at}.op`, message: `"${record.op}" is not an operation Loupe knows; use one of ${known}` }] };
  if (name === "crop" && !("strategy" in record) && !("left" in record) && !("top" in record)) {
    return { issues: [{ path: at, message: "crop needs left, top, width and height (an exact region), or strategy (attention or entropy), width and height" }] };
  }
  const schema = schemaFor(name, record);
  const parsed = schema.safeParse({ ...record, op: name });
  if (!parsed.success) return { issues: describeZodIssues(parsed.error, at, name, schema) };
  return { operation: parsed.data as Operation, issues: [] };
}

/** Every problem in a list of operations, each naming the operation's place and the field; empty when the list is good. */
export function checkOperations(value: unknown): { operations: Operation[]; issues: OperationIssue[] } {
  if (!Array.isArray(value)) return { operations: [], issues: [{ path: "operations", message: `must be a JSON list of operations such as ${EXAMPLE}` }] };
  if (value.length === 0) return { operations: [], issues: [{ path: "operations", message: `must list at least one operation, such as ${EXAMPLE}` }] };
  if (value.length > TRANSFORM_LIMITS.maxOperations) {
    return { operations: [], issues: [{ path: "operations", message: `lists ${value.length} operations; at most ${TRANSFORM_LIMITS.maxOperations} are allowed` }] };
  }
  const operations: Operation[] = [];
  const issues: OperationIssue[] = [];
  value.forEach((item, index) => {
    const result = parseOne(item, index);
    issues.push(...result.issues);
    if (result.operation) operations.push(result.operation);
  });
  value.forEach((item, index) => {
    const name = (item as { op?: unknown } | null)?.op;
    if (typeof name === "string" && ["format", "convert"].includes(name.trim().toLowerCase()) && index !== value.length - 1) {
      issues.push({ path: `operations[${index}]`, message: "format must be the last operation (it sets how the result is written)" });
    }
  });
  return { operations, issues };
}

/** The operations, checked; a 400 `invalid_operations` naming the first problem (all of them in details.issues) otherwise. */
export function parseOperations(value: unknown): Operation[] {
  const { operations, issues } = checkOperations(value);
  if (issues.length) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more: see details.issues)` : "";
    throw badRequest("invalid_operations", `${issues[0].path} ${issues[0].message}${more}.`, { issues });
  }
  return operations;
}

/** The `operations` form field or query value: JSON text. */
export function parseOperationsJson(text: string | null | undefined): Operation[] {
  if (text === null || text === undefined || text.trim() === "") {
    throw badRequest("operations_missing", `Send the operations to apply, as JSON such as ${EXAMPLE}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest("invalid_operations", `operations is not valid JSON (${(error as Error).message}); send a list such as ${EXAMPLE}.`);
  }
  return parseOperations(value);
}
