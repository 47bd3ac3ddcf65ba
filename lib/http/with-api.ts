import { ZodError } from "zod";
import { LoupeError } from "../errors";

/**
 * The one wrapper every /api route uses: parse → authorise → call the domain → respond. Errors become
 * `{ "error": { "code", "message" } }` here and nowhere else, so no stack trace ever reaches a client.
 */
export interface ApiContext<P> {
  request: Request;
  params: P;
}

export type ApiHandler<P> = (context: ApiContext<P>) => Promise<Response>;

export function errorResponse(status: number, code: string, message: string, details?: Record<string, unknown>, headers?: HeadersInit) {
  return Response.json({ error: { code, message, ...(details ? { details } : {}) } }, { status, headers });
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof LoupeError) return errorResponse(error.status, error.code, error.message, error.details);
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return errorResponse(400, "invalid_request", `${where}${first?.message ?? "the request is not valid"}`, {
      issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  if (error instanceof SyntaxError) return errorResponse(400, "invalid_json", "The request body is not valid JSON.");
  console.error("Unhandled error in an API route:", error instanceof Error ? error.message : error);
  return errorResponse(500, "internal", "Something went wrong on the server. The error was logged; please try again.");
}

export type Role = "admin" | "analyst" | "reviewer" | "viewer";

export interface ApiOptions {
  /** The least role allowed to call this route (roles rank admin > analyst > reviewer > viewer). */
  role?: Role;
}

export function withApi<P = Record<string, string>>(handler: ApiHandler<P>): (request: Request, context: { params: Promise<P> }) => Promise<Response>;
export function withApi<P = Record<string, string>>(options: ApiOptions, handler: ApiHandler<P>): (request: Request, context: { params: Promise<P> }) => Promise<Response>;
export function withApi<P = Record<string, string>>(optionsOrHandler: ApiOptions | ApiHandler<P>, maybeHandler?: ApiHandler<P>) {
  const handler = typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler!;
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const params = await context.params;
      return await handler({ request, params });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
