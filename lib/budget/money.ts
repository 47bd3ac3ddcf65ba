/** Money is kept in millionths of a US dollar (integers, so sums stay exact); people read dollars. */
export const MICROS_PER_USD = 1_000_000;

export const usdToMicros = (usd: number): bigint => BigInt(Math.round(usd * MICROS_PER_USD));
export const microsToUsd = (micros: bigint | number | string): number => Number(micros) / MICROS_PER_USD;

/** "$12.3456", "$0.0123", "$0.000412": enough digits to read a call's cost (under a cent: to the micro-dollar). */
export function formatUsd(micros: bigint | number | string, digits = Math.abs(Number(micros)) < 10_000 ? 6 : 4): string {
  return `$${(Number(micros) / MICROS_PER_USD).toFixed(digits)}`;
}

/** The digits amounts under one cap are shown with, so that what was spent and the cap line up ("$4.9987 of $5.0000"). */
export function digitsUnder(capMicros: bigint | number): number {
  return Number(capMicros) < 10_000 ? 6 : 4;
}
