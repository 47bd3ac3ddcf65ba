import { readFileSync } from "node:fs";

export interface SchemaColumn {
  table: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
}

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

/** A deliberately small reader of schema.prisma: models, their scalar/enum columns (after @map) and table names. */
export function readPrismaSchema(file = "prisma/schema.prisma") {
  // String defaults such as @default("{}") would end a model early for the brace matcher below.
  const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "").replace(/@default\("[^"]*"\)/g, '@default("")');
  const enums = new Map<string, string[]>();
  for (const match of text.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    enums.set(match[1], match[2].split(/\s+/).filter((v) => /^\w+$/.test(v)));
  }
  const columns: SchemaColumn[] = [];
  for (const match of text.matchAll(/model\s+(\w+)\s*\{([^}]*)\}/g)) {
    const body = match[2];
    const table = body.match(/@@map\("([^"]+)"\)/)?.[1] ?? match[1];
    for (const line of body.split("\n")) {
      const field = line.trim().match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field || line.trim().startsWith("@@")) continue;
      const [, name, type, list, optional, rest] = field;
      if (!SCALARS.has(type) && !enums.has(type)) continue; // relation field
      columns.push({ table, column: rest.match(/@map\("([^"]+)"\)/)?.[1] ?? name, type, optional: Boolean(optional), list: Boolean(list) });
    }
  }
  return { columns, enums };
}
