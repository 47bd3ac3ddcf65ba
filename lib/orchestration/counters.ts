/**
 * Batch counters are kept incrementally, in the same statement as each image's state change, so progress never needs a
 * COUNT(*) over a million rows. These SQL fragments are the one place that maps an image status to its counter column.
 */
export const STATUS_COUNTER = {
  queued: "queued_count",
  processing: "processing_count",
  succeeded: "succeeded_count",
  failed: "failed_count",
  cancelled: "cancelled_count",
} as const;

export type ImageStatusName = keyof typeof STATUS_COUNTER;
