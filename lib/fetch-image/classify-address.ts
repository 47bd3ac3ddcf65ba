import net from "node:net";

/**
 * Whether an IP address may be fetched: only public unicast addresses. Loopback, private, link-local, CGNAT, multicast,
 * reserved, documentation and benchmarking ranges (IPv4 and IPv6, including IPv4-mapped IPv6) are refused.
 */
const blockList = new net.BlockList();
const V4: [string, number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4], ["255.255.255.255", 32],
];
const V6: [string, number][] = [
  ["::", 128], ["::1", 128], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["2002::", 16],
  ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
];
for (const [address, prefix] of V4) blockList.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of V6) blockList.addSubnet(address, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible IPv6 address, if any. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:(?:0:)?|::)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1];
  const hex = lower.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4) return isPublicAddress(v4);
    return !blockList.check(address, "ipv6");
  }
  return !blockList.check(address, "ipv4");
}

/** An allowlist entry is a host name, an IP, or a CIDR (FETCH_ALLOWLIST, e.g. "127.0.0.1,10.1.0.0/16,images.internal"). */
export function parseAllowlist(value: string) {
  const hosts = new Set<string>();
  const list = new net.BlockList();
  for (const raw of value.split(",").map((entry) => entry.trim()).filter(Boolean)) {
    const [address, prefix] = raw.split("/");
    const family = net.isIP(address);
    if (family && prefix) list.addSubnet(address, Number(prefix), family === 4 ? "ipv4" : "ipv6");
    else if (family) list.addAddress(address, family === 4 ? "ipv4" : "ipv6");
    else hosts.add(raw.toLowerCase());
  }
  return {
    allowsHost: (host: string) => hosts.has(host.toLowerCase()),
    allowsAddress: (address: string) => {
      const family = net.isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
