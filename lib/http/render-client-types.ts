import openapiTS, { astToString } from "openapi-typescript";
import { buildOpenApi } from "./build-openapi";

const HEADER = "// Generated from Loupe's OpenAPI document (lib/http/build-openapi.ts) by `npm run client:generate`: do not edit.\n// tests/unit/typed-client.test.ts fails when this file and the document differ.\n\n";

/** The typed client's `paths` and `components` types, as openapi-typescript writes them from the current document. */
export async function renderClientTypes(): Promise<string> {
  const document = buildOpenApi();
  // The version changes with every release; the types do not depend on it.
  const ast = await openapiTS({ ...document, info: { ...document.info, version: "0" } } as never, { alphabetize: true });
  return HEADER + astToString(ast);
}
