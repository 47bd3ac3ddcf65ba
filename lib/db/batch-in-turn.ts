interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

interface Group<S, K, V> {
  shared: S;
  waiters: Map<K, Waiter<V>[]>;
}

/**
 * Gathers the lookups made in one turn of the event loop into one statement. Calls with the same context (a database
 * client) and group (what the statement shares, e.g. a batch) wait until the turn's I/O callbacks have run, then `run`
 * gets every distinct key asked for and answers each one. A key asked for twice in a turn gets the answer twice, or
 * with `firstOnly` (a claim: the second asker would have found it taken) only its first asker does.
 */
export function batchInTurn<C extends object, S, K, V>(options: {
  group: (shared: S) => string;
  run: (context: C, shared: S, keys: K[]) => Promise<Map<K, V>>;
  firstOnly?: boolean;
}): (context: C, shared: S, key: K) => Promise<V | undefined> {
  const open = new WeakMap<C, Map<string, Group<S, K, V>>>();

  async function settle(context: C, group: Group<S, K, V>) {
    try {
      const answers = await options.run(context, group.shared, [...group.waiters.keys()]);
      for (const [key, waiters] of group.waiters) {
        waiters.forEach((waiter, index) => waiter.resolve(options.firstOnly && index > 0 ? undefined : answers.get(key)));
      }
    } catch (error) {
      for (const waiters of group.waiters.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }

  return (context, shared, key) => {
    let groups = open.get(context);
    if (!groups) open.set(context, (groups = new Map()));
    const name = options.group(shared);
    let group = groups.get(name);
    if (!group) {
      const created: Group<S, K, V> = { shared, waiters: new Map() };
      groups.set(name, (group = created));
      setImmediate(() => {
        groups.delete(name);
        void settle(context, created);
      });
    }
    const waiters = group.waiters;
    return new Promise((resolve, reject) => {
      const forKey = waiters.get(key);
      if (forKey) forKey.push({ resolve, reject });
      else waiters.set(key, [{ resolve, reject }]);
    });
  };
}
