// A real S3-speaking server (s3rver) for tests and benchmarks, in its own process so its memory and CPU are its own.
// Run with `node --openssl-legacy-provider` (s3rver's continuation tokens use DES). Prints "listening <port>" once up.
// Argv: <directory> <bucket>[,<bucket>…]
import S3rver from "s3rver";

const [directory, buckets = "loupe"] = process.argv.slice(2);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: buckets.split(",").map((name) => ({ name })) });
const { port } = await server.run();
console.log(`listening ${port}`);
const stop = async () => {
  await server.close().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// A test runner that dies without stopping us must not leave us behind.
process.stdin.on("end", stop);
process.stdin.resume();
