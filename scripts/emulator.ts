// `npm run emulator`: the Gemini emulator on EMULATOR_PORT (default 8089), with the demo keys or EMULATOR_CONFIG (a JSON file of
// options, including faults, models and vertex; see lib/emulator/start-gemini-emulator.ts). EMULATOR_FAULTS (JSON
// `{"keys":{…},"projects":{…}}`) sets per-key / per-project behaviours on top.
import { readFileSync } from "node:fs";
import { DEMO_EMULATOR } from "../lib/emulator/demo-setup";
import { startGeminiEmulator, type EmulatorOptions } from "../lib/emulator/start-gemini-emulator";

const options: EmulatorOptions = process.env.EMULATOR_CONFIG ? JSON.parse(readFileSync(process.env.EMULATOR_CONFIG, "utf8")) : DEMO_EMULATOR;
const faults = process.env.EMULATOR_FAULTS ? JSON.parse(process.env.EMULATOR_FAULTS) : options.faults;
const emulator = await startGeminiEmulator({ ...options, faults, port: Number(process.env.EMULATOR_PORT ?? 8089) });
console.log(`Gemini emulator at ${emulator.url} (keys: ${Object.keys(options.keys).join(", ")}). Stats: ${emulator.url}/__emulator/stats`);
const vertexProjects = Object.keys(options.projects).filter((project) => project.includes("/"));
if (vertexProjects.length) console.log(`Vertex AI for ${vertexProjects.join(", ")}; OAuth token endpoint: ${emulator.url}/token`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
