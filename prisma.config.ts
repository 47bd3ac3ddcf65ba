import { defineConfig } from "prisma/config";

// The runtime connects through the pg driver adapter (lib/db); this file serves the Prisma CLI only.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/loupe" },
});
