import type { Cell } from "./export-columns";

/** OWASP CSV-injection guidance: a cell starting with = + - @ tab or CR is prefixed with ' so spreadsheets show it as text. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A cell value as CSV and XLSX write it: text neutralised, numbers, booleans and empty cells as they are. */
export const spreadsheetCell = (value: Cell): Cell => (typeof value === "string" ? neutralizeCell(value) : value);
