/** Money is kept in millionths of a US dollar (integers, so sums stay exact); people read dollars. */
export const MICROS_PER_USD = 1_000_000;

export const usdToMicros = (usd: number): bigint => BigInt(Math.round(usd * MICROS_PER_USD));
export const microsToUsd = (micros: bigint | number | string): number => Number(micros) / MICROS_PER_USD;

/** "$12.3456", "$0.0123", "$0.000412": enough digits that a cap and what was spent under it never read the same. */
export function formatUsd(micros: bigint | number | string): string {
  const value = Number(micros);
  const digits = Math.abs(value) < 10_000 ? 6 : 4;
  return `$${(value / MICROS_PER_USD).toFixed(digits)}`;
}
