import { isNumberText, type FieldFilter } from "./parse-field-filter";

/**
 * SQL as pieces: text, and values to bind. Both ways Loupe talks to PostgreSQL can use it: Prisma.sql (toPrismaSql) and
 * pg's $n parameters (toParamSql, the export's convention), and a COPY can bind each value as a quoted literal.
 */
export type SqlPiece = string | { value: string };

const quotedPath = (path: string[]) => `'{${path.join(",")}}'`; // names are identifiers (parse-field-filter), never quotes

/** The JSON values `field = value` stands for: the text itself, and the number or boolean it spells, if it does. */
function candidates(value: string): unknown[] {
  const values: unknown[] = [value];
  if (isNumberText(value)) values.push(Number(value));
  if (value === "true" || value === "false") values.push(value === "true");
  return values;
}

const nested = (path: string[], leaf: unknown): unknown => path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf);

/**
 * One filter as a condition on a jsonb column. Equality is containment (column @> {"field": value}), which the result's GIN
 * index answers when the value is rare; a common value is found as fast by walking the batch's images in id order.
 * = also matches a list holding the value (tags = shoes); an empty value matches a result whose field is missing or empty.
 */
export function fieldFilterPieces(filter: FieldFilter, column = "i.result"): SqlPiece[] {
  const path = quotedPath(filter.path);
  const equals = (): SqlPiece[] => {
    if (filter.value === "") return [`(${column} IS NOT NULL AND (${column} #> ${path} IS NULL OR ${column} #>> ${path} = ''))`];
    const tests = candidates(filter.value).flatMap((leaf) => [nested(filter.path, leaf), nested(filter.path, [leaf])]);
    return ["(", ...tests.flatMap((test, index): SqlPiece[] => [index ? " OR " : "", `${column} @> `, { value: JSON.stringify(test) }, "::jsonb"]), ")"];
  };
  switch (filter.operator) {
    case "=":
      return equals();
    case "!=":
      return [`(${column} IS NOT NULL AND NOT `, ...equals(), ")"];
    case "~":
      return [`${column} #>> ${path} ILIKE '%' || `, { value: filter.value.replace(/[\\%_]/g, "\\$&") }, ` || '%'`];
    default:
      return [`CASE WHEN jsonb_typeof(${column} #> ${path}) = 'number' THEN (${column} #>> ${path})::numeric END ${filter.operator} `, { value: filter.value }, "::numeric"];
  }
}

/** All filters, joined with AND (an empty list: true). */
export function fieldFiltersPieces(filters: FieldFilter[], column = "i.result"): SqlPiece[] {
  if (!filters.length) return ["TRUE"];
  return filters.flatMap((filter, index) => [index ? " AND " : "", ...fieldFilterPieces(filter, column)]);
}

/** What a field sorts by: numbers as numbers, anything else as its text (lists and objects as their JSON). */
export function sortKeyPieces(path: string[], numeric: boolean, column = "i.result"): string {
  const quoted = quotedPath(path);
  return numeric ? `(CASE WHEN jsonb_typeof(${column} #> ${quoted}) = 'number' THEN (${column} #>> ${quoted})::numeric END)` : `(${column} #>> ${quoted})`;
}

/** Pieces as pg text with $n placeholders, numbered by `param` (which binds the value and answers its placeholder). */
export function toParamSql(pieces: SqlPiece[], param: (value: string) => string): string {
  return pieces.map((piece) => (typeof piece === "string" ? piece : param(piece.value))).join("");
}
