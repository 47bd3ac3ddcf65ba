import { createHash, randomBytes, type Hash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { link, copyFile, rm, truncate } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Option `files` of the emulator: Google's Files API limits (GEMINI-API.md §3.2, §3.4). */
export interface FilesOptions {
  /** The largest file one upload may declare or send (Google: 2 GB). */
  maxFileBytes?: number;
  /** What one project may keep at once, uploads and batch outputs together (Google: 20 GB). */
  projectStorageBytes?: number;
  /** How long a file lives (Google: 48 h); an expired file is gone from get, list and download. */
  ttlMs?: number;
  /**
   * Answer files.get / files.delete of an id over 40 characters with Google's 400 (go-genai #436 saw it for
   * `files/batch-<id>`, whose id is 42 characters); off by default, download is never affected.
   */
  rejectLongIds?: boolean;
}

export const FILES_DEFAULTS = { maxFileBytes: 2 * 1024 ** 3, projectStorageBytes: 20 * 1000 ** 3, ttlMs: 48 * 3_600_000 };

/** A file the emulator keeps: an upload, or a batch job's responses (source GENERATED). */
export interface StoredFile {
  id: string;
  /** Order of creation: listings run newest first and page tokens point into it. */
  seq: number;
  project: string;
  displayName?: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: number;
  expiresAt: number;
  /** Google's sha256Hash: the hex digest, base64-encoded (a bytes field holding the hex text, as Google's values decode). */
  sha256: string;
  source: "UPLOADED" | "GENERATED";
  path: string;
}

/** A resumable upload under way: the bytes so far are on disk at `path`, hashed as they came. */
export interface UploadSession {
  uploadId: string;
  fileId: string;
  project: string;
  displayName?: string;
  mimeType: string;
  /** X-Goog-Upload-Header-Content-Length, when the client declared it. */
  declaredBytes: number | null;
  received: number;
  hash: Hash;
  path: string;
  busy: boolean;
}

export interface FilesStats {
  /** Files kept now (uploads and batch outputs) and their bytes. */
  stored: number;
  bytes: number;
  /** Uploads finished (resumable, multipart or raw); uploadsStarted counts resumable sessions opened. */
  uploads: number;
  uploadsStarted: number;
  /** Batch output files written. */
  generated: number;
  downloads: number;
  deletes: number;
}

/** Thrown by receive() when a chunk would go past the declared or the allowed size. */
export class UploadTooLarge extends Error {}

const hashField = (hash: Hash) => Buffer.from(hash.digest("hex")).toString("base64");

const base36 = (length: number) => {
  let id = "";
  while (id.length < length) id += BigInt(`0x${randomBytes(16).toString("hex")}`).toString(36);
  return id.slice(0, length);
};

/**
 * The Files API's storage: bytes live in a temp directory the emulator owns (removed on close), never in memory; a
 * file of hundreds of megabytes streams in by chunks and out by download.
 */
export class FileStore {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "gemini-emulator-files-"));
  private files = new Map<string, StoredFile>();
  private sessions = new Map<string, UploadSession>();
  private counters = { uploads: 0, uploadsStarted: 0, generated: 0, downloads: 0, deletes: 0 };
  private seq = 0;

  constructor(private options: () => FilesOptions | undefined) {}

  limits() {
    return { ...FILES_DEFAULTS, ...this.options() };
  }

  /** Google's file ids are 12 lowercase letters and digits (`files/frh6ua11nk3o`); batch ids are 36. */
  newId(length = 12) {
    return base36(length);
  }

  has(id: string) {
    return this.files.has(id) || [...this.sessions.values()].some((session) => session.fileId === id);
  }

  startUpload(input: { project: string; fileId?: string; displayName?: string; mimeType: string; declaredBytes: number | null }): UploadSession {
    const uploadId = `${base36(24)}${base36(24)}`;
    const session: UploadSession = { uploadId, fileId: input.fileId ?? this.newId(), project: input.project, displayName: input.displayName, mimeType: input.mimeType, declaredBytes: input.declaredBytes, received: 0, hash: createHash("sha256"), path: path.join(this.dir, `upload-${uploadId}`), busy: false };
    this.sessions.set(uploadId, session);
    this.counters.uploadsStarted += 1;
    return session;
  }

  session(uploadId: string) {
    return this.sessions.get(uploadId) ?? null;
  }

  /**
   * Appends a chunk to the session's file as it arrives. A chunk that fails half-way (the client went away, or it
   * would pass the size limit) is undone, so the session stays at the offset it had, as Google's resumable sessions do.
   */
  async receive(session: UploadSession, body: Readable | AsyncIterable<Buffer>) {
    const before = session.hash.copy();
    const start = session.received;
    const limit = Math.min(session.declaredBytes ?? Number.POSITIVE_INFINITY, this.limits().maxFileBytes);
    let received = start;
    try {
      await pipeline(
        body,
        // Past the limit the rest is read and dropped rather than the request destroyed, so the 400 still reaches the client.
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > limit) continue;
            session.hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(session.path, { flags: "a" }),
      );
      if (received > limit) throw new UploadTooLarge(`The upload is larger than ${limit} bytes (${session.declaredBytes === null ? "the largest file allowed" : "X-Goog-Upload-Header-Content-Length"}).`);
      session.received = received;
    } catch (error) {
      session.hash = before;
      await truncate(session.path, start).catch(() => undefined);
      throw error;
    }
  }

  /** The session's bytes become a file. */
  finalize(session: UploadSession): StoredFile {
    this.sessions.delete(session.uploadId);
    const now = Date.now();
    const file: StoredFile = { id: session.fileId, seq: ++this.seq, project: session.project, displayName: session.displayName, mimeType: session.mimeType, sizeBytes: session.received, createdAt: now, expiresAt: now + this.limits().ttlMs, sha256: hashField(session.hash), source: "UPLOADED", path: session.path };
    this.files.set(file.id, file);
    this.counters.uploads += 1;
    return file;
  }

  async cancel(session: UploadSession) {
    this.sessions.delete(session.uploadId);
    await rm(session.path, { force: true });
  }

  /** A batch job's responses, written line by line; the file exists (get, list, download) once end() is called. */
  createGenerated(input: { id: string; project: string; mimeType: string }) {
    const filePath = path.join(this.dir, `generated-${input.id}`);
    const stream: WriteStream = createWriteStream(filePath);
    const hash = createHash("sha256");
    let size = 0;
    const failed = new Promise<never>((_, reject) => stream.once("error", reject));
    failed.catch(() => undefined);
    return {
      /** Resolves once the stream can take more: output is written at the pace the disk takes it. */
      write: async (text: string) => {
        const bytes = Buffer.from(text);
        size += bytes.length;
        hash.update(bytes);
        if (!stream.write(bytes)) await Promise.race([new Promise<void>((resolve) => stream.once("drain", () => resolve())), failed]);
      },
      end: async (): Promise<StoredFile> => {
        await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failed]);
        const now = Date.now();
        const file: StoredFile = { id: input.id, seq: ++this.seq, project: input.project, mimeType: input.mimeType, sizeBytes: size, createdAt: now, expiresAt: now + this.limits().ttlMs, sha256: hashField(hash), source: "GENERATED", path: filePath };
        this.files.set(file.id, file);
        this.counters.generated += 1;
        return file;
      },
      discard: async () => {
        stream.destroy();
        await rm(filePath, { force: true });
      },
    };
  }

  /** A file of this project, unless it expired (then it is removed, as Google forgets files after 48 h). */
  get(id: string, project: string): StoredFile | null {
    const file = this.files.get(id);
    if (!file || file.project !== project) return null;
    if (file.expiresAt <= Date.now()) {
      void this.remove(id);
      return null;
    }
    return file;
  }

  /** The project's files, newest first. */
  list(project: string): StoredFile[] {
    const now = Date.now();
    for (const file of this.files.values()) if (file.expiresAt <= now) void this.remove(file.id);
    return [...this.files.values()].filter((file) => file.project === project).sort((a, b) => b.seq - a.seq);
  }

  usedBytes(project: string) {
    return this.list(project).reduce((sum, file) => sum + file.sizeBytes, 0);
  }

  async remove(id: string, counted = false) {
    const file = this.files.get(id);
    if (!file) return;
    this.files.delete(id);
    if (counted) this.counters.deletes += 1;
    await rm(file.path, { force: true });
  }

  countDownload() {
    this.counters.downloads += 1;
  }

  /** A private hard link to a file's bytes (a copy where links fail): a batch job keeps reading it if the file is deleted. */
  async pin(file: StoredFile, name: string) {
    const pinned = path.join(this.dir, name);
    await link(file.path, pinned).catch(() => copyFile(file.path, pinned));
    return pinned;
  }

  stats(): FilesStats {
    const files = [...this.files.values()];
    return { stored: files.length, bytes: files.reduce((sum, file) => sum + file.sizeBytes, 0), ...this.counters };
  }

  /** Forgets every file and session, and the counters. */
  reset() {
    for (const entry of [...this.files.values(), ...this.sessions.values()]) rmSync(entry.path, { force: true });
    this.files.clear();
    this.sessions.clear();
    this.counters = { uploads: 0, uploadsStarted: 0, generated: 0, downloads: 0, deletes: 0 };
  }

  close() {
    this.files.clear();
    this.sessions.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
