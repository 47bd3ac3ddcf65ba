/** What a person typed as a dollar amount: "2.50", "$2.50", "1,000" → a number; "" → null (no cap); anything else → "invalid". */
export function parseUsdInput(text: string): number | null | "invalid" {
  const trimmed = text.trim().replace(/^\$/, "").replaceAll(",", "");
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : "invalid";
}

export const INVALID_USD = "Spending cap must be an amount of US dollars more than $0, such as 25 or 2.50 (leave it empty for no cap).";

/** "$4.9987", "$0.000412": as the server's messages write amounts (to the micro-dollar under a cent). */
export const usd = (value: number) => `$${value.toFixed(Math.abs(value) < 0.01 ? 6 : 4)}`;
