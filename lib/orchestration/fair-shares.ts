/** How much of the slots a batch's priority asks for, relative to the other uploads of the same person. */
export const PRIORITY_WEIGHT = { high: 4, normal: 2, low: 1 } as const;
export type BatchPriority = keyof typeof PRIORITY_WEIGHT;

export interface RunningBatchDemand {
  id: string;
  /** Whose batch it is (the person who started it; null: no one in particular, which counts as one more person). */
  owner: string | null;
  /** The upload it belongs to: its parent for a part of a split CSV, else itself. */
  upload: string;
  /** A part's place in its upload (earlier parts are served first). */
  sequence: number;
  priority: BatchPriority;
  /** Images still to do (queued + processing): a batch never gets more slots than it can use. */
  demand: number;
}

/**
 * Splits `window` job slots between running batches: equally between owners, then between each owner's uploads by
 * priority weight, then to an upload's parts in order; never more than a batch's demand, and what one cannot use goes to
 * the others (water-filling). Every upload with work gets at least one slot, so a small batch started behind a
 * million-image one starts at once.
 */
export function fairShares(batches: RunningBatchDemand[], window: number): Map<string, number> {
  const shares = new Map<string, number>();
  const active = batches.filter((batch) => batch.demand > 0);
  const owners = groupBy(active, (batch) => batch.owner ?? "");
  const perOwner = waterFill([...owners].map(([key, members]) => ({ key, weight: 1, demand: sum(members) })), window);
  for (const [ownerKey, ownerBatches] of owners) {
    const uploads = groupBy(ownerBatches, (batch) => batch.upload);
    const perUpload = waterFill(
      [...uploads].map(([key, parts]) => ({ key, weight: Math.max(...parts.map((part) => PRIORITY_WEIGHT[part.priority])), demand: sum(parts) })),
      perOwner.get(ownerKey) ?? 0,
    );
    for (const [uploadKey, parts] of uploads) {
      let left = Math.max(1, perUpload.get(uploadKey) ?? 0);
      for (const part of parts.sort((a, b) => a.sequence - b.sequence)) {
        const share = Math.min(part.demand, left);
        shares.set(part.id, share);
        left -= share;
      }
    }
  }
  return shares;
}

const sum = (batches: RunningBatchDemand[]) => batches.reduce((total, batch) => total + batch.demand, 0);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Weighted max-min fair split of `total` whole slots, each entry capped at its demand. */
function waterFill(entries: { key: string; weight: number; demand: number }[], total: number): Map<string, number> {
  const given = new Map(entries.map((entry) => [entry.key, 0]));
  let left = total;
  let open = entries.filter((entry) => entry.demand > 0);
  while (left > 0 && open.length) {
    const weights = open.reduce((all, entry) => all + entry.weight, 0);
    const round = left;
    for (const entry of open) {
      if (left === 0) break;
      const portion = Math.min(entry.demand - given.get(entry.key)!, Math.max(1, Math.floor((round * entry.weight) / weights)), left);
      given.set(entry.key, given.get(entry.key)! + portion);
      left -= portion;
    }
    open = open.filter((entry) => given.get(entry.key)! < entry.demand);
  }
  return given;
}
