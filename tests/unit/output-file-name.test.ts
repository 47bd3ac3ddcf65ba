import { describe, expect, it } from "vitest";
import { extensionFor, outputFileName, UniqueNames } from "../../lib/outputs/output-file-name";

describe("output file names", () => {
  const image = (name: string | null, externalId: string | null = null) => ({ id: 42n, name, externalId });

  it("uses the external id (a SKU) first, else the name without its extension, with the output's extension", () => {
    expect(outputFileName(image("red-shoe.png", "SKU-1001"), "image/webp")).toBe("SKU-1001.webp");
    expect(outputFileName(image("red-shoe.png"), "image/webp")).toBe("red-shoe.webp");
    expect(outputFileName(image("photos/2024/red shoe.final.JPG"), "image/jpeg")).toBe("red shoe.final.jpg");
    expect(outputFileName(image("red-shoe.png"), "image/png", 3)).toBe("red-shoe-v3.png");
    expect(extensionFor("image/tiff")).toBe("tif");
  });

  it("never climbs out of a folder, hides a file, names a device or carries control characters", () => {
    expect(outputFileName(image("../../etc/passwd"), "image/png")).toBe("passwd.png");
    expect(outputFileName(image(null, "..\\..\\boot.ini"), "image/png")).toBe("_.._boot.ini.png");
    expect(outputFileName(image(".hidden.jpg"), "image/jpeg")).toBe("hidden.jpg");
    expect(outputFileName(image("a:b*c?d<e>f|g\"h\u0000i.jpg"), "image/jpeg")).toBe("a_b_c_d_e_f_g_h_i.jpg");
    expect(outputFileName(image("CON.jpg"), "image/jpeg")).toBe("image-42.jpg");
    expect(outputFileName(image(null), "image/jpeg")).toBe("image-42.jpg");
    expect(outputFileName(image("x".repeat(300) + ".jpg"), "image/jpeg")).toHaveLength(124);
  });

  it("hands out each name once, case-insensitively", () => {
    const names = new UniqueNames();
    expect(["shoe.webp", "shoe.webp", "SHOE.webp", "shoe-2.webp", "manifest.csv"].map((name) => names.take(name))).toEqual(["shoe.webp", "shoe-2.webp", "SHOE-3.webp", "shoe-2-2.webp", "manifest.csv"]);
  });
});
