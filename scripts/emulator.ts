// `npm run emulator`: the Gemini emulator on EMULATOR_PORT (default 8089), with the demo keys or EMULATOR_CONFIG (a JSON file of options).
import { readFileSync } from "node:fs";
import { DEMO_EMULATOR } from "../lib/emulator/demo-setup";
import { startGeminiEmulator } from "../lib/emulator/start-gemini-emulator";

const options = process.env.EMULATOR_CONFIG ? JSON.parse(readFileSync(process.env.EMULATOR_CONFIG, "utf8")) : DEMO_EMULATOR;
const emulator = await startGeminiEmulator({ ...options, port: Number(process.env.EMULATOR_PORT ?? 8089) });
console.log(`Gemini emulator at ${emulator.url} (keys: ${Object.keys(options.keys).join(", ")}). Stats: ${emulator.url}/__emulator/stats`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
