// `npm run loupe -- <command>`: operator commands against Loupe's database (the running embedded one, a stopped embedded
// one started for the command, or DATABASE_URL).
//   user create --email a@b.c --password … [--role admin|analyst|reviewer|viewer] [--name …]
//   user set-role --email a@b.c --role analyst        user deactivate --email a@b.c
//   token create --email a@b.c [--scopes read,write] [--name cli] [--days 90]
//   analyze <images-or-csv…> --template <name> […]: an HTTP client of a running Loupe (scripts/lib/analyze-command.ts)
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiToken } from "../lib/auth/manage-api-tokens";
import { createUser, updateUser } from "../lib/auth/manage-users";
import { recordAudit } from "../lib/auth/record-audit";
import { createTokenSchema, createUserSchema } from "../lib/auth/schemas";
import { loadConfig } from "../lib/config";
import { createPrismaClient } from "../lib/db/client";
import { runningEmbeddedUrl } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { LoupeError } from "../lib/errors";
import { ANALYZE_USAGE, runAnalyze } from "./lib/analyze-command";
import { withDatabase } from "./lib/database";

const USAGE = `Usage: npm run loupe -- user create --email <email> --password <password> [--role admin|analyst|reviewer|viewer] [--name <name>]
       npm run loupe -- user set-role --email <email> --role <role>
       npm run loupe -- user deactivate --email <email>
       npm run loupe -- token create --email <email> [--scopes read,write] [--name <name>] [--days <n>]
${ANALYZE_USAGE}`;

async function run(databaseUrl: string, argv: string[]) {
  const [noun, verb, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, days: { type: "string" } } });
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl, 2);
  try {
    const userByEmail = async () => {
      const user = await db.user.findUnique({ where: { email: String(values.email ?? "").trim().toLowerCase() } });
      if (!user) throw new LoupeError(404, "not_found", `No user has the email ${values.email ?? "(missing --email)"}.`);
      return user;
    };
    if (noun === "user" && verb === "create") {
      const user = await createUser(db, createUserSchema.parse({ email: values.email, password: values.password, role: values.role ?? "viewer", name: values.name }));
      await recordAudit(db, { userId: null, action: "user.create", targetType: "user", targetId: user.id, details: { email: user.email, role: user.role, via: "cli" } });
      console.log(`Created ${user.role} ${user.email}.`);
    } else if (noun === "user" && (verb === "set-role" || verb === "deactivate")) {
      const user = await userByEmail();
      const change = verb === "deactivate" ? { active: false } : { role: createUserSchema.shape.role.parse(values.role) };
      await updateUser(db, user.id, change);
      await recordAudit(db, { userId: null, action: "user.update", targetType: "user", targetId: user.id, details: { ...change, via: "cli" } });
      console.log(verb === "deactivate" ? `Deactivated ${user.email}.` : `${user.email} is now ${change.role}.`);
    } else if (noun === "token" && verb === "create") {
      const user = await userByEmail();
      const input = createTokenSchema.parse({ name: values.name ?? "cli", scopes: (values.scopes ?? "read").split(",").map((s) => s.trim()), expiresInDays: values.days ? Number(values.days) : 90 });
      const token = await createApiToken(db, user.id, input);
      await recordAudit(db, { userId: user.id, action: "token.create", targetType: "api_token", targetId: token.id, details: { name: token.name, scopes: token.scopes, via: "cli" } });
      console.error(`Token for ${user.email} (${token.scopes.join(", ")}${token.expiresAt ? `, expires ${token.expiresAt.toISOString().slice(0, 10)}` : ""}). It is shown once:`);
      console.log(token.token);
    } else {
      console.error(USAGE);
      process.exitCode = 64;
    }
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  // analyze talks to a running Loupe over HTTP, not to its database.
  // process.exit: embedded-postgres's exit hook (imported above) would otherwise end the process with 0 whatever happened.
  if (argv[0] === "analyze") process.exit(await runAnalyze(argv.slice(1)));
  const config = loadConfig();
  const running = config.DATABASE_URL ? null : runningEmbeddedUrl(path.join(config.dataDir, "pg"));
  if (config.DATABASE_URL || running) await run(config.DATABASE_URL ?? running!, argv);
  else await withDatabase(config, (url) => run(url, argv));
}

main().catch((error) => {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  console.error(issues ? issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n") : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
