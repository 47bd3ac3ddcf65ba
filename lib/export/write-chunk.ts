import type { Writable } from "node:stream";

/**
 * Writes a chunk and waits for 'drain' when the stream is full: the export's backpressure. A reader that goes away (the
 * stream destroyed: a client disconnected) fails the wait instead of leaving it pending forever, so the export's
 * database connection is given back.
 */
export async function writeChunk(output: Writable, chunk: string | Buffer) {
  if (output.destroyed) throw new Error("The export's reader went away.");
  if (output.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      output.off("drain", onDrain).off("close", onClose).off("error", done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error("The export's reader went away."));
    output.on("drain", onDrain).on("close", onClose).on("error", done);
  });
}
