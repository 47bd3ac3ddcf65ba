// `npm run client:generate`: rewrites clients/typescript/schema.d.ts from the OpenAPI document.
import { writeFileSync } from "node:fs";
import { renderClientTypes } from "../lib/http/render-client-types";

writeFileSync("clients/typescript/schema.d.ts", await renderClientTypes());
console.log("clients/typescript/schema.d.ts written");
