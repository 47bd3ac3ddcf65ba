import yauzl from "yauzl";

/** A ZIP read back with a real unzip library (yauzl, entry sizes checked): its files by name. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) =>
        zip.openReadStream(entry, async (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        }),
      );
      zip.on("end", () => resolve(files));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** Each entry's compression method as the ZIP's central directory gives it (0 stored, 8 deflate), by name. */
export function compressionMethods(bytes: Buffer): Promise<Record<string, number>> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      const found: Record<string, number> = {};
      zip.on("entry", (entry: yauzl.Entry) => (found[entry.fileName] = entry.compressionMethod)).on("end", () => resolve(found)).on("error", reject);
    }),
  );
}
