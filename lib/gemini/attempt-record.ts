/** One call's line in an image's attempt history (the key masked, never in full). */
export interface AttemptRecord {
  keyId: string | null;
  httpStatus: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number;
  inputTokens: number;
  /** Billed output: candidates + thoughts. */
  outputTokens: number;
  thoughtsTokens?: number;
}
