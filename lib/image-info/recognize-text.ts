import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { createWorker, type Worker } from "tesseract.js";
import { LoupeError } from "../errors";
import { createIdleWorker, withTimeout } from "./idle-worker";

/**
 * OCR offline: tesseract.js (Tesseract compiled to WebAssembly, in its npm package) with the English LSTM model from the
 * @tesseract.js-data/eng package. Nothing is downloaded: the model is read from node_modules, and no cache is written.
 */
export interface RecognizedText {
  text: string;
  /** Tesseract's mean word confidence, 0–1. */
  confidence: number;
  words: { text: string; confidence: number; box: { left: number; top: number; width: number; height: number } }[];
  durationMs: number;
}

/** Longest side OCR reads at: larger photos are scaled down first (the boxes are given back in the original's pixels). */
const OCR_MAX_SIDE = 2500;
const OCR_TIMEOUT_MS = 60_000;
/** A worker holds the model (~20 MB) and a WebAssembly heap: kept between calls, closed after this long unused. */
const IDLE_MS = 60_000;

function languageDirectory(): string {
  const require = createRequire(import.meta.url);
  const { langPath } = require("@tesseract.js-data/eng") as { langPath: string };
  // The package ships the fast legacy+LSTM model (4.0.0) and the integer LSTM one (4.0.0_best_int): LSTM-only OCR reads the latter.
  const best = path.join(path.dirname(langPath), "4.0.0_best_int");
  return existsSync(path.join(best, "eng.traineddata.gz")) ? best : langPath;
}

const ocrWorker = createIdleWorker<Worker>({
  start: () => createWorker("eng", 1, { langPath: languageDirectory(), gzip: true, cacheMethod: "none", errorHandler: () => {} }),
  stop: (worker) => worker.terminate().catch(() => {}),
  idleMs: IDLE_MS,
});

async function recognizeNow(bytes: Buffer): Promise<RecognizedText> {
  const started = performance.now();
  const image = sharp(bytes, { limitInputPixels: 100_000_000, pages: 1, autoOrient: true });
  const metadata = await image.metadata();
  const width = metadata.autoOrient?.width ?? metadata.width ?? 1;
  const height = metadata.autoOrient?.height ?? metadata.height ?? 1;
  const scale = Math.min(1, OCR_MAX_SIDE / Math.max(width, height));
  // Grey PNG on white: Tesseract's own binarisation does the rest; transparent text images would otherwise read as black.
  const prepared = await image.flatten({ background: "#ffffff" }).resize(Math.max(1, Math.round(width * scale))).greyscale().png({ compressionLevel: 1 }).toBuffer();
  const ocr = await ocrWorker.get();
  try {
    const { data } = await withTimeout(ocr.recognize(prepared, {}, { text: true, blocks: true }), OCR_TIMEOUT_MS, () => new LoupeError(422, "ocr_timeout", `Reading the text took longer than ${OCR_TIMEOUT_MS / 1000} s and was stopped.`));
    const words = (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)));
    const back = (value: number) => Math.round(value / scale);
    return {
      text: data.text.trim(),
      confidence: Math.round(data.confidence) / 100,
      words: words
        .filter((word) => word.text.trim())
        .map((word) => ({
          text: word.text,
          confidence: Math.round(word.confidence) / 100,
          box: { left: back(word.bbox.x0), top: back(word.bbox.y0), width: back(word.bbox.x1 - word.bbox.x0), height: back(word.bbox.y1 - word.bbox.y0) },
        })),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    // A stuck or broken worker is thrown away; the next call starts a fresh one.
    await ocrWorker.close();
    throw error;
  }
}

/** The text in an image. One worker per process, one image at a time (Tesseract is single-threaded and uses one core). */
export function recognizeText(bytes: Buffer): Promise<RecognizedText> {
  return ocrWorker.run(() => recognizeNow(bytes));
}

/** Closes the OCR worker now (tests, shutdown). */
export const closeTextRecognizer = ocrWorker.close;
