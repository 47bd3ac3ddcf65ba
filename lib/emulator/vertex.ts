import type http from "node:http";
import { answerModelCall, type ErrorDialect } from "./answer-model-call";
import { errorFamily, projectNumber, type ErrorAnswer, type FaultContext } from "./error-bodies";
import { callerStats, type EmulatorState } from "./emulator-state";
import { googleError, type GoogleAnswer } from "./google-response";
import { bearerOf } from "./vertex-oauth";

/**
 * Vertex AI on the emulator: the contract Loupe's Vertex client is written against.
 *
 * Auth: POST /token (application/x-www-form-urlencoded)
 *   grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>
 *   The JWT is RS256, header {alg:"RS256",typ:"JWT"[,kid]}, claims {iss: client_email, scope: "https://www.googleapis.com/auth/cloud-platform",
 *   aud: "https://oauth2.googleapis.com/token" (or this emulator's own <url>/token), iat, exp ≤ iat + 3600}.
 *   Option `vertex: { serviceAccounts?: Record<client_email, publicKeyPem>, tokenLifetimeSeconds?: number }`: with
 *   serviceAccounts the signature is verified against the account's key (unknown account or bad signature → 400);
 *   without it any well-formed JWT passes.
 *   200 {"access_token":"ya29.…","expires_in":3600,"token_type":"Bearer"};
 *   400 {"error":"invalid_grant"|"invalid_scope"|"unsupported_grant_type"|"invalid_request","error_description":"…"}.
 *
 * Calls: POST /{v1|v1beta1}/projects/{project}/locations/{location}/publishers/google/models/{model}:{generateContent|streamGenerateContent|countTokens}
 *   with `Authorization: Bearer <access_token>`; the body is the same GenerateContentRequest as the Gemini API's.
 *   Quota, stats and configured faults are per `${project}/${location}`, which must be a key of `options.projects`
 *   (else 403 PERMISSION_DENIED); `faults.keys` may also name a service account's client_email, and stats().keys counts
 *   calls per client_email. Tokens survive reset(); they count in stats().requests only when a model call uses them.
 *   Missing, unknown or expired bearer → 401 UNAUTHENTICATED ("Request had invalid authentication credentials. …",
 *   ErrorInfo reason CREDENTIALS_MISSING / ACCESS_TOKEN_TYPE_UNSUPPORTED / ACCESS_TOKEN_EXPIRED).
 *   Every 429 (quota, storm, any 429-* fault) is Vertex's one form: {"error":{"code":429,"message":"Resource exhausted.
 *   Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for
 *   more details.","status":"RESOURCE_EXHAUSTED"}} (no RetryInfo). An unknown model is 404 "Publisher Model … was not found".
 *   Thinking, media resolution, usage and the odd 200 answers are the Gemini API's (answer-model-call.ts).
 */
export const VERTEX_ROUTE = /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^:/]+):(generateContent|streamGenerateContent|countTokens)$/;

const UNAUTHENTICATED =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";
const RESOURCE_EXHAUSTED = "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.";
const SERVICE = "aiplatform.googleapis.com";

const errorInfo = (reason: string, metadata: Record<string, string>) => ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com", metadata: { service: SERVICE, ...metadata } });
const vertex429 = (): ErrorAnswer => ({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", RESOURCE_EXHAUSTED) });
const resourceOf = (c: FaultContext) => {
  const [project, location] = c.project.split("/");
  return `projects/${project}/locations/${location}/publishers/google/models/${c.model}`;
};
const unauthenticated = (reason: string): ErrorAnswer => ({
  status: 401,
  body: googleError(401, "UNAUTHENTICATED", UNAUTHENTICATED, [errorInfo(reason, { method: "google.cloud.aiplatform.v1beta1.PredictionService.GenerateContent" })]),
});
const permissionDenied = (c: FaultContext): ErrorAnswer => ({
  status: 403,
  body: googleError(403, "PERMISSION_DENIED", `Permission 'aiplatform.endpoints.predict' denied on resource '//${SERVICE}/${resourceOf(c)}' (or it may not exist).`, [
    errorInfo("IAM_PERMISSION_DENIED", { permission: "aiplatform.endpoints.predict", resource: resourceOf(c) }),
  ]),
});

/** Vertex words some families its own way; the rest (500, 503, 504, the 400s) are the same google.rpc bodies. */
function vertexFamily(name: string, c: FaultContext): ErrorAnswer | null {
  if (name.startsWith("429")) return vertex429();
  if (name === "key-invalid" || name === "key-not-found") return unauthenticated("ACCESS_TOKEN_TYPE_UNSUPPORTED");
  if (name === "key-leaked" || name === "key-denied") return permissionDenied(c);
  if (name === "api-disabled") {
    const number = projectNumber(c.project.split("/")[0]);
    const activationUrl = `https://console.developers.google.com/apis/api/${SERVICE}/overview?project=${number}`;
    const message = `Vertex AI API has not been used in project ${number} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
    return { status: 403, body: googleError(403, "PERMISSION_DENIED", message, [errorInfo("SERVICE_DISABLED", { consumer: `projects/${number}`, activationUrl, serviceTitle: "Vertex AI API" })]) };
  }
  if (name === "model-not-found") {
    const message = `Publisher Model \`${resourceOf(c)}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`;
    return { status: 404, body: googleError(404, "NOT_FOUND", message) };
  }
  return errorFamily(name, c);
}

export const VERTEX_DIALECT: ErrorDialect = { family: vertexFamily, quota: vertex429, storm: vertex429 };

/** One Vertex model call: the bearer, then the project and location, then the shared generate logic. */
export async function answerVertexCall(state: EmulatorState, request: http.IncomingMessage, rawBody: string, route: RegExpMatchArray): Promise<GoogleAnswer | "hang"> {
  const [, apiVersion, project, location, model, method] = route;
  state.counters.requests += 1;
  const bearer = bearerOf(state, request);
  if ("problem" in bearer) {
    callerStats(state, "(no valid token)").rejected += 1;
    return unauthenticated(bearer.problem);
  }
  const bucket = `${project}/${location}`;
  if (!state.options.projects[bucket]) {
    callerStats(state, bearer.clientEmail).rejected += 1;
    return permissionDenied({ model, project: bucket } as FaultContext);
  }
  return answerModelCall(state, { request, rawBody, caller: bearer.clientEmail, project: bucket, model, method: method as "generateContent", apiVersion, dialect: VERTEX_DIALECT });
}
