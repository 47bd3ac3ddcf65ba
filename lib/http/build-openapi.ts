import { z, type ZodType } from "zod";
import { version } from "../version";
import { API_ROUTES, type ApiRoute } from "./api-routes";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: ZodType, io: "input" | "output" = "input"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete json.$schema;
  return json;
}

function queryParameters(schema: ZodType) {
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}

const ERROR = { $ref: "#/components/schemas/Error" };

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", minLength: 1, maxLength: 255 },
  description:
    "Send the same key to retry safely: within 24 h the same request answers the first response again (header Idempotent-Replayed: true) and creates nothing; the key with another request is a 409 idempotency_key_reused. Keys are per API token or person.",
};

function operation(route: ApiRoute) {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const success = route.response
    ? { [String(route.response.status ?? 200)]: { description: route.response.status === 201 ? "Created" : "OK", content: { "application/json": { schema: toSchema(route.response.schema, "output") } } } }
    : { "200": { description: "OK" } };
  const responses: Record<string, unknown> = {
    ...success,
    "400": { description: "The request is not valid; the message says what to fix", content: { "application/json": { schema: ERROR } } },
    "429": { description: "Rate limited; see the Retry-After header", content: { "application/json": { schema: ERROR } } },
  };
  if (route.role !== "public") {
    responses["401"] = { description: "No or invalid credentials", content: { "application/json": { schema: ERROR } } };
    responses["403"] = { description: `Needs the ${route.role} role (and the write scope for changes)`, content: { "application/json": { schema: ERROR } } };
  }
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    "x-loupe-role": route.role,
    security: route.role === "public" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    parameters: [...pathParameters, ...(route.query ? queryParameters(route.query) : []), ...(route.method === "POST" && route.role !== "public" ? [IDEMPOTENCY_KEY] : [])],
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.body) } } } } : {}),
    ...(route.rawBody ? { requestBody: { required: true, content: { [route.rawBody]: { schema: { type: "string", format: "binary" } } } } } : {}),
    responses,
  };
}

/** OpenAPI 3.1 for /api/v1, from the same zod schemas the route handlers parse with. */
export function buildOpenApi(serverUrl = "/api/v1") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "Loupe API",
      version,
      description:
        "Analyse images in bulk with Google Gemini. Authenticate with a personal API token (`Authorization: Bearer loupe_…`, created under API tokens) or a signed-in session. Errors are `{ \"error\": { \"code\", \"message\" } }`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token (read or read+write scope)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "object" } } } },
        },
      },
    },
    paths,
  };
}
