import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// What a production build depends on; a change to any of these triggers a rebuild on `npm start`.
const SOURCE_ROOTS = ["app", "components", "lib", "inngest", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "package.json", "tsconfig.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", ".data", "generated"]);

function collectFiles(entry: string, files: string[]) {
  if (!existsSync(entry)) return;
  const stats = statSync(entry);
  if (stats.isFile()) {
    files.push(entry);
    return;
  }
  for (const child of readdirSync(entry).sort()) {
    if (!SKIP.has(child)) collectFiles(path.join(entry, child), files);
  }
}

export function sourceFingerprint(root = process.cwd()): string {
  const files: string[] = [];
  for (const entry of SOURCE_ROOTS) collectFiles(path.join(root, entry), files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "loupe-source-fingerprint");

/** Runs `next build` unless .next holds a build of exactly these sources. Returns whether it built. */
export function buildIfNeeded(root = process.cwd(), log: (line: string) => void = console.log): boolean {
  const fingerprint = sourceFingerprint(root);
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampFile(root));
  if (built && readFileSync(stampFile(root), "utf8") === fingerprint) return false;
  log(built ? "Sources changed since the last build: rebuilding…" : "No production build yet: building (about a minute)…");
  const result = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("`next build` failed; see the output above.");
  writeFileSync(stampFile(root), fingerprint);
  return true;
}
