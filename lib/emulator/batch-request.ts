/**
 * A GenerateContentRequest inside a batch, checked as Google's parser does and turned to camelCase (the REST shape
 * accepts both `generation_config` and `generationConfig`). A field the REST schema does not have is refused, which is
 * how a flat SDK-style line (`thinking_config` at the top) fails (inspect_ai #3257). Inline requests go through the
 * strict JSON parser of the create call; file lines were seen to let unknown scalars through, so only unknown objects fail there.
 */
export type CheckedRequest = { request: Record<string, unknown> } | { problem: { field: string; message: string } };

const REQUEST_FIELDS = new Set(["contents", "model", "systemInstruction", "tools", "toolConfig", "safetySettings", "generationConfig", "cachedContent", "labels"]);
const GENERATION_FIELDS = new Set([
  "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens",
  "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
  "speechConfig", "thinkingConfig", "imageConfig", "mediaResolution",
]);
// Free-form JSON whose keys are the caller's own, never renamed.
const VERBATIM = new Set(["responseJsonSchema", "parametersJsonSchema", "responseJsonSchemaOrdered", "labels", "args", "response"]);

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** snake_case keys to camelCase, except property names of a schema's `properties` and free-form JSON. */
export function camelize(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => camelize(item));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const name = keepKeys ? key : camel(key);
      if (!keepKeys && VERBATIM.has(name)) return [name, inner];
      return [name, camelize(inner, !keepKeys && name === "properties")];
    }),
  );
}

export function checkRequest(raw: unknown, strict: boolean): CheckedRequest {
  if (!isObject(raw)) return { problem: { field: "request", message: "unexpected character; expected '{'" } };
  for (const [key, value] of Object.entries(raw)) {
    if (REQUEST_FIELDS.has(camel(key))) continue;
    if (strict || typeof value === "object") return { problem: { field: key, message: `no such field: '${key}'` } };
  }
  const request = camelize(raw) as Record<string, unknown>;
  if (request.contents !== undefined && !Array.isArray(request.contents)) return { problem: { field: "contents", message: "unexpected character; expected '['" } };
  if (request.systemInstruction !== undefined && !isObject(request.systemInstruction)) return { problem: { field: "system_instruction", message: "unexpected character; expected '{'" } };
  const config = request.generationConfig;
  if (config !== undefined) {
    if (!isObject(config)) return { problem: { field: "generation_config", message: "unexpected character; expected '{'" } };
    const rawConfig = (raw.generationConfig ?? raw.generation_config) as Record<string, unknown>;
    const unknown = Object.keys(rawConfig).find((key) => !GENERATION_FIELDS.has(camel(key)));
    if (unknown) return { problem: { field: unknown, message: `no such field: '${unknown}'` } };
  }
  return { request };
}

/** The create call's parse error for an inline request, in the words of Google's JSON parser. */
export function inlineProblem(index: number, problem: { field: string; message: string }) {
  const at = `batch.input_config.requests.requests[${index}].request`;
  return problem.message.startsWith("no such field")
    ? `Invalid JSON payload received. Unknown name "${problem.field}" at '${at}': Cannot find field.`
    : `Invalid JSON payload received. ${problem.message} at '${at}.${problem.field}'.`;
}

/** A file line's problem as the create call reports it: "Error on line 1: invalid JSON, near column 1032: no such field: 'thinking_config'". */
export function lineProblem(lineNumber: number, line: string, problem: { field: string; message: string }) {
  const column = Math.max(1, line.indexOf(`"${problem.field}"`) + 1);
  return `Error on line ${lineNumber}: invalid JSON, near column ${column}: ${problem.message}`;
}
