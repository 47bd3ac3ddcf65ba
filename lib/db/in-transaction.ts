import type pg from "pg";

/** Runs `work` on one connection inside BEGIN … COMMIT (ROLLBACK when it throws), so its statements land together or not at all. */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query("BEGIN");
    const result = await work(tx);
    await tx.query("COMMIT");
    return result;
  } catch (error) {
    await tx.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

/**
 * Inside a transaction: `work` may fail without aborting it (a savepoint). For what must not stop the change it goes
 * with, e.g. recording a webhook event beside a batch's status change. Returns whether it succeeded.
 */
export async function trySavepoint(tx: pg.ClientBase, work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<boolean> {
  await tx.query("SAVEPOINT try_savepoint");
  try {
    await work();
    await tx.query("RELEASE SAVEPOINT try_savepoint");
    return true;
  } catch (error) {
    await tx.query("ROLLBACK TO SAVEPOINT try_savepoint");
    onError(error);
    return false;
  }
}
