import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The private addresses an administrator lets outbound requests reach (OUTBOUND_ALLOW_PRIVATE). */
export interface AllowList {
  /** `*`: the local network (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7); not loopback, not link-local. */
  lan: boolean;
  ranges: Array<[Address, number]>;
  /** The setting as written, for logs. */
  text: string;
}

export const NO_PRIVATE_ADDRESSES: AllowList = { lan: false, ranges: [], text: "" };

/** Never reachable, whatever the allow-list says: Linux connects to 0.0.0.0 and :: as if to localhost. */
const NEVER = new Set(["unspecified", "broadcast", "multicast"]);
/** What `*` lets through. */
const LAN = new Set(["private", "carrierGradeNat", "uniqueLocal"]);

/**
 * Reads OUTBOUND_ALLOW_PRIVATE: comma-separated CIDR ranges or single addresses (`192.168.1.0/24,10.0.0.5`,
 * `fd00::/8`), and/or `*` for the local network. Throws with a message naming the entry that is not one.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const list: AllowList = { lan: false, ranges: [], text: (value ?? "").trim() };
  for (const entry of list.text.split(",").map((e) => e.trim()).filter(Boolean)) {
    if (entry === "*") {
      list.lan = true;
      continue;
    }
    const range = parseRange(entry);
    if (!range) throw new Error(`OUTBOUND_ALLOW_PRIVATE: "${entry}" is not an address range; write ranges such as 192.168.1.0/24 or 10.0.0.5, separated by commas, or * for the local network`);
    list.ranges.push(range);
  }
  return list;
}

function parseRange(entry: string): [Address, number] | null {
  const [address = "", bits] = entry.split("/");
  // Only the plain dotted form for IPv4: "10.1" or "0177.0.0.1" in a setting is more likely a mistake than a wish.
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return null;
  const ip = ipaddr.parse(address);
  const max = ip.kind() === "ipv4" ? 32 : 128;
  if (bits === undefined) return [ip, max];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return [ip, Number(bits)];
}

/** The range of an address, looking through IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4). */
function classify(ip: Address): { subject: Address; range: string } {
  if (ip.kind() === "ipv4") return { subject: ip, range: ip.range() };
  const v6 = ip as ipaddr.IPv6;
  const p = v6.parts;
  const embedded = (hi: number, lo: number) => classify(new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]));
  const range = v6.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return embedded(p[6]!, p[7]!);
  // 64:ff9b::/96, the well-known NAT64 prefix; the local-use 64:ff9b:1::/48 stays refused as rfc6052.
  if (range === "rfc6052" && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return embedded(p[6]!, p[7]!);
  if (range === "6to4") return embedded(p[1]!, p[2]!);
  // The rest of ::/8 (e.g. the deprecated IPv4-compatible ::127.0.0.1) is reserved, not public.
  if (range === "unicast" && p[0]! < 0x100) return { subject: v6, range: "reserved" };
  return { subject: v6, range };
}

/**
 * Why an outbound request may not connect to this address ("loopback", "private", "linkLocal"…), or null when it
 * may: public unicast addresses, and private ones the allow-list names.
 */
export function addressRefusal(address: string, allow: AllowList): string | null {
  let ip: Address;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "invalid";
  }
  const { subject, range } = classify(ip);
  if (range === "unicast") return null;
  if (NEVER.has(range)) return range;
  if (allow.lan && LAN.has(range)) return null;
  for (const [net, bits] of allow.ranges) if (net.kind() === subject.kind() && subject.match(net, bits)) return null;
  return range;
}
