import { describe, expect, it } from "vitest";
import { budgetReachedMessage, type Refusal } from "../../lib/budget/budget-messages";
import { digitsUnder, formatUsd, usdToMicros } from "../../lib/budget/money";

const SCOPE = "11111111-2222-4333-8444-555555555555";
const refusal = (patch: Partial<Refusal>): Refusal => ({ refusedBy: "batch", capMicros: 5_000_000n, spentMicros: 4_998_700n, heldMicros: 0n, estimateMicros: 5222, scopeBatchId: SCOPE, isPart: false, ...patch });

describe("budget reached: the message a person reads", () => {
  it("a batch's cap: spent of cap to the same digits, the next call's most, and how to continue", () => {
    expect(budgetReachedMessage(refusal({}))).toBe(
      `Budget reached: this batch has spent $4.9987 of its $5.0000 cap, and the next Gemini call may cost up to $0.005222. No call is made past the cap. ` +
        `Raise the cap on the batch page (or PATCH /api/v1/batches/${SCOPE} with {"budgetUsd": …}), then resume.`,
    );
  });

  it("what calls in progress hold is named; a part speaks of its upload's shared cap and where to raise it", () => {
    const message = budgetReachedMessage(refusal({ isPart: true, heldMicros: 1_000n }));
    expect(message).toMatch(/^Budget reached: the parts of this upload have spent \$4\.9987 of its \$5\.0000 cap \(shared by every part\) \(and \$0\.0010 is held by calls in progress\)/);
    expect(message).toContain(`Raise the cap on the upload's page (or PATCH /api/v1/batches/${SCOPE} with`);
  });

  it("a cap smaller than one call: says so instead of a spent-of-cap that looks like room", () => {
    expect(budgetReachedMessage(refusal({ capMicros: 1000n, spentMicros: 0n }))).toMatch(
      /^Budget reached: one Gemini call of this batch may cost up to \$0\.005222, more than its whole \$0\.001000 cap, so none was made\. Raise the cap/,
    );
  });

  it("the daily cap: the variable, Pacific time, and when the day starts again", () => {
    const nowMs = Date.UTC(2026, 11, 3, 20, 0);
    const message = budgetReachedMessage(refusal({ refusedBy: "day", capMicros: 25_000_000n, spentMicros: 24_999_000n, nowMs, resetsAtMs: nowMs + (3 * 60 + 20) * 60_000 }));
    expect(message).toBe(
      "Daily budget reached: Gemini calls have cost $24.9990 of the $25.0000 daily cap (GEMINI_DAILY_BUDGET_USD) today, Pacific time, and the next Gemini call may cost up to $0.005222. " +
        "No call is made past the cap. The day's spend starts again at midnight Pacific (in 3 h 20 min): resume the batch then, or raise GEMINI_DAILY_BUDGET_USD and restart Loupe, then resume.",
    );
  });
});

describe("money", () => {
  it("dollars to micro-dollars, rounded to the micro", () => {
    expect(usdToMicros(2.5)).toBe(2_500_000n);
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000n);
    expect(usdToMicros(0.000001)).toBe(1n);
  });

  it("amounts read to the micro-dollar under a cent, else to four digits", () => {
    expect(formatUsd(412)).toBe("$0.000412");
    expect(formatUsd(12_345_678)).toBe("$12.3457");
    expect([digitsUnder(9_999), digitsUnder(5_000_000), digitsUnder(250_000_000)]).toEqual([6, 4, 4]);
    // Spent a tenth of a cent short of the cap does not read as the cap.
    expect(formatUsd(249_999_000n, digitsUnder(250_000_000n))).toBe("$249.9990");
  });
});
