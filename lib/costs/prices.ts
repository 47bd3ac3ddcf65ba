/** USD per million tokens (input, output), Google's list prices for standard (non-batch) calls. */
export const MODEL_PRICES: Record<string, { input: number; output: number }> = {
  "gemini-2.5-flash": { input: 0.3, output: 2.5 },
  "gemini-2.5-flash-lite": { input: 0.1, output: 0.4 },
  "gemini-2.5-pro": { input: 1.25, output: 10 },
  "gemini-2.0-flash": { input: 0.1, output: 0.4 },
};

/** Cost in millionths of a dollar (integers keep sums exact). Unknown models cost as gemini-2.5-flash. */
export function costMicros(model: string, inputTokens: number, outputTokens: number): number {
  const price = MODEL_PRICES[model] ?? MODEL_PRICES["gemini-2.5-flash"];
  return Math.round(inputTokens * price.input + outputTokens * price.output);
}
