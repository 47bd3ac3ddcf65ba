import { describe, expect, it } from "vitest";
import { isPublicAddress, parseAllowlist } from "../../lib/fetch-image/classify-address";
import { imageUrlProblem } from "../../lib/ingest/validate-image-url";

// Address classification only: nothing here opens a connection (SSRF behaviour end to end is tested on loopback servers).
describe("SSRF: which addresses an image URL may reach", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback range"],
    ["10.1.2.3", "private 10/8"],
    ["172.16.0.1", "private 172.16/12"],
    ["172.31.255.255", "private 172.16/12, top"],
    ["192.168.1.1", "private 192.168/16"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "CGNAT"],
    ["0.0.0.0", "this network"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fe80::1", "IPv6 link-local"],
    ["fc00::1", "IPv6 unique local"],
    ["fd12:3456::1", "IPv6 unique local (fd)"],
    ["ff02::1", "IPv6 multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex form"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata address"],
    ["::ffff:0:10.0.0.1", "IPv4-translated private"],
    ["2001:db8::1", "IPv6 documentation"],
    ["not-an-ip", "not an address at all"],
    ["", "empty"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([["8.8.8.8"], ["1.1.1.1"], ["172.32.0.1"], ["172.15.255.255"], ["100.128.0.1"], ["2606:4700:4700::1111"], ["::ffff:8.8.8.8"]])("allows the public address %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("an allowlist admits exact hosts, addresses and CIDRs, case-insensitively, and nothing else", () => {
    const allow = parseAllowlist(" 127.0.0.1 , 10.1.0.0/16, Images.Internal ,");
    expect(allow.allowsAddress("127.0.0.1")).toBe(true);
    expect(allow.allowsAddress("127.0.0.2")).toBe(false);
    expect(allow.allowsAddress("10.1.200.3")).toBe(true);
    expect(allow.allowsAddress("10.2.0.1")).toBe(false);
    expect(allow.allowsHost("images.internal")).toBe(true);
    expect(allow.allowsHost("IMAGES.INTERNAL")).toBe(true);
    expect(allow.allowsHost("evil.images.internal")).toBe(false);
    expect(allow.allowsAddress("images.internal")).toBe(false);
    expect(parseAllowlist("").allowsAddress("127.0.0.1")).toBe(false);
  });
});

describe("image URLs people paste or put in a CSV", () => {
  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["not a url", "not a valid URL"],
    ["ftp://example.com/a.jpg", "ftp: URLs are not allowed (only http and https)"],
    ["file:///etc/passwd", "file: URLs are not allowed (only http and https)"],
    ["javascript:alert(1)", "javascript: URLs are not allowed (only http and https)"],
    ["data:image/png;base64,AAAA", "data: URLs are not allowed (only http and https)"],
    ["https://user:secret@example.com/a.jpg", "URLs with a user name or password are not allowed"],
    [`https://example.com/${"a".repeat(2100)}`, "longer than 2048 characters"],
  ])("%j → %s", (value, problem) => {
    expect(imageUrlProblem(value)).toBe(problem);
  });

  it.each([["https://cdn.example.com/p/1.jpg?w=800"], ["  http://example.com/a.png  "], ["https://例え.jp/画像.jpg"], ["http://[2606:4700::1]/a.jpg"]])("accepts %j", (value) => {
    expect(imageUrlProblem(value)).toBeNull();
  });
});
