import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets } from "../../lib/log/logger";

describe("log lines never carry secrets", () => {
  it("masks Google-style keys, Loupe tokens, bearer values and configured secrets wherever they appear", () => {
    const text = 'calling with AIzaSyA1234567890abcdefghijklmnopqrstuv and Authorization: Bearer abc.def.ghi, token loupe_AbCdEf123456789 secret demo-key-7';
    const clean = scrubSecrets(text, ["demo-key-7"]);
    expect(clean).not.toMatch(/AIzaSyA1234567890abcdefghijklmnopqrstuv|abc\.def\.ghi|loupe_AbCdEf123456789|demo-key-7/);
    expect(clean).toContain("AIza…stuv");
    expect(clean).toContain("Bearer …");
    expect(clean).toContain("loupe_…");
  });

  it("a pino line with a key in the message, in a field, and in a nested error is scrubbed; redacted fields are censored", () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger({ level: "info", knownSecrets: () => ["planted-secret-value"], destination: destination as never });
    log.error({ err: "request failed for key AIzaPlantedKey00000000000000000000001", apiKey: "planted-secret-value", detail: { note: "planted-secret-value" } }, "Gemini said no to AIzaPlantedKey00000000000000000000001");
    log.debug({ x: 1 }, "below the level");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 50, app: "loupe", apiKey: "[redacted]" });
    expect(lines[0]).not.toContain("AIzaPlantedKey00000000000000000000001");
    expect(lines[0]).not.toContain("planted-secret-value");
    expect(line.msg).toBe("Gemini said no to AIza…0001");
  });
});
