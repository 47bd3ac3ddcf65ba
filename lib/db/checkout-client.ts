import type pg from "pg";

/**
 * pool.connect() for code that holds a client across several queries. While checked out a pg client has no pool
 * listener, so a dropped connection (PostgreSQL restarting) would be an uncaught 'error' event that ends the process.
 * Here the error is only noted: the query in flight fails on its own, and release() discards the broken client.
 */
export async function checkoutClient(pool: pg.Pool): Promise<{ client: pg.PoolClient; release: (failure?: Error) => void }> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  return {
    client,
    // With a failure, the caller says the connection is in no state to be reused (a COPY abandoned half-way): discarded too.
    release: (failure?: Error) => {
      client.off("error", onError);
      client.release(broken ?? failure);
    },
  };
}
