/** OWASP CSV-injection guidance: a cell starting with = + - @ tab or CR is prefixed with ' so spreadsheets show it as text. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
