export interface SyncPartsPlan {
  /** New keys that go to the last part (up to its room under maxBatchSize). */
  intoLast: number;
  /** The sizes of the new parts after it, each at most maxBatchSize. */
  newParts: number[];
}

/** Where a sync's new keys go: the last part is filled up to maxBatchSize, the rest become new parts as ingest makes them. */
export function planSyncParts(lastPartImages: number, newKeys: number, maxBatchSize: number): SyncPartsPlan {
  const intoLast = Math.min(newKeys, Math.max(0, maxBatchSize - lastPartImages));
  const newParts: number[] = [];
  for (let left = newKeys - intoLast; left > 0; left -= maxBatchSize) newParts.push(Math.min(left, maxBatchSize));
  return { intoLast, newParts };
}
