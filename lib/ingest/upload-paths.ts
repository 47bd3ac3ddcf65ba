import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { badRequest } from "../errors";

export const csvUploadPath = (dataDir: string, uploadId: string) => {
  if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw badRequest("upload_not_found", "That upload does not exist.");
  const file = path.join(dataDir, "csv", `${uploadId}.csv`);
  if (!existsSync(file)) throw badRequest("upload_not_found", "That upload does not exist (or has expired); upload the file again.");
  return file;
};

export const reportPath = (dataDir: string, uploadId: string) => path.join(dataDir, "reports", `${uploadId}.csv`);

export const uploadMetaPath = (dataDir: string, uploadId: string) => path.join(dataDir, "csv", `${uploadId}.json`);

/** The original file name and size, kept beside the upload. */
export function readUploadMeta(dataDir: string, uploadId: string): { fileName: string; bytes: number } {
  try {
    return JSON.parse(readFileSync(uploadMetaPath(dataDir, uploadId), "utf8"));
  } catch {
    return { fileName: "upload.csv", bytes: 0 };
  }
}
