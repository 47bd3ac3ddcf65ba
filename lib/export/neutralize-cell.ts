import type { Cell } from "./export-columns";

// = + - @ tab CR, by character code: this runs for every text cell of an export (a regex here cost ~10% of a CSV's time).
const FORMULA_STARTS = new Set([61, 43, 45, 64, 9, 13]);

/** OWASP CSV-injection guidance: a cell starting with = + - @ tab or CR is prefixed with ' so spreadsheets show it as text. */
export function neutralizeCell(value: string): string {
  return FORMULA_STARTS.has(value.charCodeAt(0)) ? `'${value}` : value;
}

/** A cell value as CSV and XLSX write it: text neutralised, numbers, booleans and empty cells as they are. */
export const spreadsheetCell = (value: Cell): Cell => (typeof value === "string" ? neutralizeCell(value) : value);
