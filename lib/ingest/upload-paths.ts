import path from "node:path";
import { badRequest } from "../errors";
import { uploadsStorage, type StorageConfig } from "../storage";

/** Where an uploaded CSV, its metadata and its validation report are kept in storage. */
export const csvUploadKey = (uploadId: string) => `csv/${uploadId}.csv`;
export const uploadMetaKey = (uploadId: string) => `csv/${uploadId}.json`;
export const reportKey = (uploadId: string) => `reports/${uploadId}.csv`;

/** This machine's working copy of a report while it is written (on local storage, the stored file itself). */
export const reportPath = (dataDir: string, uploadId: string) => path.join(dataDir, "reports", `${uploadId}.csv`);

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/**
 * An uploaded CSV as a file on this machine to parse (with local storage the upload itself; with S3 a copy that release()
 * removes), and its original name. Another machine may have received the upload.
 */
export async function openCsvUpload(config: StorageConfig, uploadId: string) {
  if (!UPLOAD_ID.test(uploadId)) throw badRequest("upload_not_found", "That upload does not exist.");
  const storage = uploadsStorage(config);
  const file = await storage.localCopy(csvUploadKey(uploadId), path.join(config.dataDir, "tmp"));
  if (!file) throw badRequest("upload_not_found", "That upload does not exist (or has expired); upload the file again.");
  return { ...file, fileName: (await readUploadMeta(config, uploadId)).fileName };
}

/** The original file name and size, kept beside the upload. */
export async function readUploadMeta(config: StorageConfig, uploadId: string): Promise<{ fileName: string; bytes: number }> {
  try {
    const stream = await uploadsStorage(config).openFile(uploadMetaKey(uploadId));
    if (!stream) throw new Error("no metadata");
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return { fileName: "upload.csv", bytes: 0 };
  }
}

export const isUploadId = (value: string) => UPLOAD_ID.test(value);
