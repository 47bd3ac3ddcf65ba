/**
 * The face detector's worker thread, as source text run with `new Worker(source, { eval: true })`: TensorFlow.js runs a
 * model synchronously, so on the main thread each detection (~0.4 s) would stall every request the server is handling.
 * Source text rather than a file because the bundler moves lib/ into .next/ and would not carry a worker file along.
 * Plain CommonJS. The packages are resolved here, from the main module's own address: a require.resolve in bundled code
 * would be replaced by a module number.
 *
 * workerData: { resolveFrom } (a file: URL). Messages in: { id, pixels: Uint8Array (RGB), width, height, minConfidence }
 * or { id, tensors: true }. Out: { ready } once, then { id, faces: [{ x, y, width, height, score }] (pixels), tensors } or
 * { id, error }.
 */
export const FACE_DETECTOR_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const path = require("node:path");

async function start() {
  const faceApiPath = createRequire(workerData.resolveFrom).resolve("@vladmandic/face-api/dist/face-api.node-wasm.js");
  const requireFromFaceApi = createRequire(faceApiPath);
  // The same module instance face-api registers its backend from, pointed at the .wasm files in the package (no CDN).
  const wasm = requireFromFaceApi("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(path.dirname(requireFromFaceApi.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + path.sep);
  const faceapi = requireFromFaceApi(faceApiPath);
  await faceapi.tf.setBackend("wasm");
  await faceapi.tf.ready();
  // The weights ship in the package (model/ssd_mobilenetv1_model*, 5.4 MB).
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(path.join(path.dirname(faceApiPath), "..", "model"));
  return faceapi;
}

const loaded = start();
loaded.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: String((error && error.stack) || error) }),
);

parentPort.on("message", async (message) => {
  try {
    const faceapi = await loaded;
    if (message.tensors) return parentPort.postMessage({ id: message.id, tensors: faceapi.tf.memory().numTensors });
    const input = faceapi.tf.tensor3d(message.pixels, [message.height, message.width, 3], "int32");
    let found;
    try {
      found = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: message.minConfidence, maxResults: 100 }));
    } finally {
      input.dispose();
    }
    const faces = found.map((face) => ({ x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height, score: face.score }));
    parentPort.postMessage({ id: message.id, faces, tensors: faceapi.tf.memory().numTensors });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;
