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
  return { text, values };
}

/** The plain pg pool on the database this Prisma client talks to. */
export const poolOf = (db: PrismaClient): pg.Pool => pgPoolFor(databaseUrlOf(db));
