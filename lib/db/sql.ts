import { createHash } from "node:crypto";
import type pg from "pg";
import { databaseUrlOf } from "./client";
import type { PrismaClient } from "./generated/client";
import { pgPoolFor } from "./pg-pool";

/**
 * A tagged template as a pg query: `sql\`… ${value} …\`` → { text: "… $1 …", values: [value] }. The per-image statements
 * use it on a plain pg pool: through Prisma each one cost about twice the client CPU (measured in the e2e benchmark's
 * busiest seconds, Prisma and its query compiler were a fifth of the main thread).
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): pg.QueryConfig {
  let text = strings[0];
  for (let index = 0; index < values.length; index++) text += `$${index + 1}${strings[index + 1]}`;
  // A statement with parameters is prepared once per connection under its call site's name: PostgreSQL parses and plans
  // it once, and each run sends only its values instead of the text (the completion alone is 2.5 KB of SQL).
  return values.length ? { name: statementName(strings), text, values } : { text, values };
}

// The name is the text's hash, so every copy of this module in Next's server bundle gives a statement the same name on
// the connections they share; it is computed once per call site (a tagged template's strings array is the same object
// on every call from the same place).
const names = new WeakMap<TemplateStringsArray, string>();
function statementName(strings: TemplateStringsArray) {
  let name = names.get(strings);
  if (!name) names.set(strings, (name = `loupe_${createHash("sha256").update(strings.join("\u0000")).digest("hex").slice(0, 24)}`));
  return name;
}

/** The plain pg pool on the database this Prisma client talks to. */
export const poolOf = (db: PrismaClient): pg.Pool => pgPoolFor(databaseUrlOf(db));
