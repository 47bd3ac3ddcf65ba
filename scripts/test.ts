// `npm test`: typecheck, lint, unit + integration (vitest), end-to-end (Playwright in Debian's Chromium).
// Ends with one line `N passed, N failed` over all runners, which CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const reports = path.resolve(".test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.resolve("node_modules/.bin", name);
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const wanted = (step: string) => only.length === 0 || only.includes(step);

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function countCheck(label: string, status: number) {
  if (status === 0) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function ensureChromium(): boolean {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return true;
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium with apt-get (once per machine)…");
    spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit" });
    if (existsSync(chromium)) return true;
  }
  console.error(`End-to-end tests need Chromium at ${chromium}. Install it with: sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH.`);
  return false;
}

if (wanted("typecheck")) countCheck("typecheck", run("Typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]));
if (wanted("lint")) countCheck("lint", run("Lint (eslint)", bin("eslint"), [".", "--max-warnings=0"]));

for (const project of ["unit", "integration"]) {
  if (!wanted(project)) continue;
  const outputFile = path.join(reports, `vitest-${project}.json`);
  const status = run(`Vitest: ${project}`, bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${outputFile}`]);
  const report = readJson(outputFile) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number; testResults?: { status: string; name: string }[] } | null;
  if (!report) {
    countCheck(`vitest ${project} (no report)`, 1);
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no tests but is a failure all the same.
  const brokenFiles = (report.testResults ?? []).filter((file) => file.status === "failed").length;
  if (report.numFailedTests === 0 && (status !== 0 || brokenFiles > 0)) countCheck(`vitest ${project} (run failed)`, 1);
  if (report.numFailedTests > 0) failures.push(`vitest ${project}: ${report.numFailedTests} failed`);
}

if (wanted("e2e")) {
  if (!ensureChromium()) countCheck("e2e (Chromium missing)", 1);
  else {
    const port = process.env.E2E_PORT ?? "3217";
    rmSync(process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `loupe-e2e-${port}`), { recursive: true, force: true });
    const outputFile = path.join(reports, "playwright.json");
    const status = run("Playwright: e2e", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_FILE: outputFile });
    const report = readJson(outputFile) as { stats: { expected: number; unexpected: number; flaky: number } } | null;
    if (!report) countCheck("e2e (no report)", 1);
    else {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
      if (report.stats.unexpected > 0) failures.push(`e2e: ${report.stats.unexpected} failed`);
      else if (status !== 0) countCheck("e2e (run failed)", 1);
    }
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join("; ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
