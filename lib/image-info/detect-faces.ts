import { Worker } from "node:worker_threads";
import { LoupeError } from "../errors";
import { describeSharpError, openImage } from "../images/open-image";
import { FACE_DETECTOR_WORKER_SOURCE } from "./face-detector-worker";
import { createIdleWorker, withTimeout } from "./idle-worker";

/**
 * Faces offline: @vladmandic/face-api's SSD MobileNet v1 detector, whose weights ship inside the npm package, on
 * TensorFlow.js's WebAssembly backend (no native binary, nothing downloaded). It runs in a worker thread, one image at a time.
 */
export interface DetectedFace {
  /** Fractions of the image: left edge, top edge, width and height, each 0–1 (as `detected_objects`' bounding_box). */
  box: { x: number; y: number; width: number; height: number };
  /** The detector's score, 0–1. */
  confidence: number;
}

export interface DetectedFaces {
  faces: DetectedFace[];
  durationMs: number;
}

/** Long side the detector sees: the model works at 512 × 512 whatever it is given, so decoding more only costs time. */
const FACE_MAX_SIDE = 640;
/** The least score kept: face-api's own default, which finds every face in its sample photos and nothing in plain scenes. */
export const FACE_MIN_CONFIDENCE = 0.5;
const FACE_TIMEOUT_MS = 30_000;
/** The worker holds TensorFlow.js, its WebAssembly heap and the model (5.4 MB of weights): closed after this long unused. */
const IDLE_MS = 60_000;

interface Reply {
  id?: number;
  ready?: boolean;
  error?: string;
  faces?: { x: number; y: number; width: number; height: number; score: number }[];
  tensors?: number;
}

interface Detector {
  worker: Worker;
  request(message: Record<string, unknown>): Promise<Reply>;
}

let activeWorker: Worker | null = null;

function startDetector(): Promise<Detector> {
  const worker = new Worker(FACE_DETECTOR_WORKER_SOURCE, { eval: true, workerData: { resolveFrom: import.meta.url } });
  activeWorker = worker;
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  let markReady: (reply: Reply) => void = () => {};
  const ready = new Promise<Reply>((resolve) => (markReady = resolve));
  const failAll = (error: string) => {
    markReady({ ready: false, error });
    for (const answer of waiting.values()) answer({ error });
    waiting.clear();
  };
  worker.on("message", (reply: Reply) => {
    if (reply.id === undefined) return markReady(reply);
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  worker.on("error", (error) => failAll(error.message));
  worker.on("exit", (code) => {
    failAll(`the face detector stopped (exit code ${code})`);
    if (activeWorker === worker) {
      activeWorker = null;
      faceWorker.forget();
    }
  });
  // Referenced only while it works: an idle detector does not keep a script or a test process alive.
  const request = async (message: Record<string, unknown>) => {
    worker.ref();
    try {
      return await new Promise<Reply>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        worker.postMessage({ ...message, id });
      });
    } finally {
      worker.unref();
    }
  };
  return ready.then(async (reply) => {
    if (reply.ready) {
      worker.unref();
      return { worker, request };
    }
    await worker.terminate();
    throw new Error(`The face detector did not start: ${reply.error}`);
  });
}

const faceWorker = createIdleWorker<Detector>({ start: startDetector, stop: (detector) => detector.worker.terminate(), idleMs: IDLE_MS });

/** RGB pixels at most FACE_MAX_SIDE on the long side (JPEGs shrink while decoding), upright by EXIF, transparency on white. */
async function decodeForDetector(bytes: Buffer) {
  try {
    const { image } = await openImage(bytes);
    const { data, info } = await image
      .resize(FACE_MAX_SIDE, FACE_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw describeSharpError(error);
  }
}

const round = (n: number) => Math.round(Math.min(Math.max(n, 0), 1) * 10_000) / 10_000;

async function detectNow(bytes: Buffer): Promise<DetectedFaces & { tensors: number }> {
  const started = performance.now();
  const image = await decodeForDetector(bytes);
  if (image.channels !== 3) throw new LoupeError(422, "face_detection_failed", `The image decoded to ${image.channels} channels; the face detector needs RGB.`);
  const { request } = await faceWorker.get();
  try {
    const reply = await withTimeout(request({ pixels: image.pixels, width: image.width, height: image.height, minConfidence: FACE_MIN_CONFIDENCE }), FACE_TIMEOUT_MS, () => new LoupeError(422, "face_detection_timeout", `Finding faces took longer than ${FACE_TIMEOUT_MS / 1000} s and was stopped.`));
    if (reply.error !== undefined) throw new LoupeError(422, "face_detection_failed", `Finding faces failed: ${reply.error}`);
    const faces = (reply.faces ?? [])
      .map((face) => ({
        box: { x: round(face.x / image.width), y: round(face.y / image.height), width: round(face.width / image.width), height: round(face.height / image.height) },
        confidence: Math.round(face.score * 1000) / 1000,
      }))
      .sort((a, b) => a.box.x - b.box.x);
    return { faces, durationMs: Math.round(performance.now() - started), tensors: reply.tensors ?? 0 };
  } catch (error) {
    // A stuck or broken worker is thrown away; the next call starts a fresh one.
    await faceWorker.close();
    throw error;
  }
}

/** The faces in an image, left to right. One worker per process, one image at a time (it uses one core). */
export function detectFaces(bytes: Buffer): Promise<DetectedFaces> {
  return faceWorker.run(() => detectNow(bytes)).then(({ faces, durationMs }) => ({ faces, durationMs }));
}

/** Tensors alive in the detector's TensorFlow.js after the last detection: flat from call to call unless something leaks (tests). */
export function faceDetectorTensors(): Promise<number> {
  return faceWorker.run(async () => {
    const reply = await (await faceWorker.get()).request({ tensors: true });
    return reply.tensors ?? 0;
  });
}

/** Closes the face detector's worker now (tests, shutdown). */
export const closeFaceDetector = faceWorker.close;
