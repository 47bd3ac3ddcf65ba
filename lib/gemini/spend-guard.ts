/**
 * What a spending cap looks like to a Gemini call: before the call its estimated cost is held against the caps (the
 * batch's and the day's); after it the hold is settled with what Google billed, or released when nothing was billed.
 * hold() throws AnalysisError("budget_reached", { pausesBatch: true }) when spent + held + this call would pass a cap,
 * so no call is ever made past it. Implemented in lib/budget; lib/gemini knows only this port.
 */
export interface SpendGuard {
  hold(estimatedMicros: number): Promise<SpendHold>;
}

export interface SpendHold {
  settle(actualMicros: number): Promise<void>;
  release(): Promise<void>;
}
