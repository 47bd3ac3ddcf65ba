import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseGeminiKeys } from "../../lib/config";

describe("configuration", () => {
  it("applies defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MAX_BATCH_SIZE).toBe(5000);
    expect(config.WORKER).toBe(true);
    expect(config.jobAdapter).toBe("pg-boss");
    expect(config.geminiKeys).toEqual([]);
  });

  it("names the variable and what is allowed when a value is bad", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "eighty", MAX_BATCH_SIZE: "0", WORKER: "maybe" });
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT must be a whole number between 1 and 65535 \(got "eighty"\)/);
      expect(message).toMatch(/MAX_BATCH_SIZE must be a whole number between 1 and 1000000/);
      expect(message).toMatch(/WORKER must be "on" or "off"/);
    }
  });

  it("never echoes a secret's value in the error", () => {
    try {
      loadConfig({ AUTH_SECRET: "short-secret-value" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as Error).message).toMatch(/AUTH_SECRET must be at least 32 characters/);
      expect((error as Error).message).not.toContain("short-secret-value");
    }
  });

  it("rejects a DATABASE_URL that is not PostgreSQL", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  it("chooses Inngest when INNGEST_DEV or INNGEST_EVENT_KEY is set", () => {
    expect(loadConfig({ INNGEST_DEV: "1" }).jobAdapter).toBe("inngest");
    expect(loadConfig({ INNGEST_EVENT_KEY: "abc" }).jobAdapter).toBe("inngest");
  });

  it("reads Gemini keys with project prefixes, numbered variables, and drops duplicates", () => {
    expect(parseGeminiKeys({ GEMINI_API_KEYS: "shop-a:AAA, shop-a:BBB ,shop-b:CCC,DDD", GEMINI_API_KEY_2: "FFF", GEMINI_API_KEY_1: "EEE", GEMINI_API_KEY_3: "AAA" })).toEqual([
      { key: "AAA", project: "shop-a" },
      { key: "BBB", project: "shop-a" },
      { key: "CCC", project: "shop-b" },
      { key: "DDD", project: "key-4" },
      { key: "EEE", project: "key-5" },
      { key: "FFF", project: "key-6" },
    ]);
  });
});
