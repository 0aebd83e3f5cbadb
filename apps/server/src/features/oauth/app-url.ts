import dns from "node:dns";
import net from "node:net";
import { addressRefusal, NO_PRIVATE_ADDRESSES } from "../../lib/outbound-address.ts";

export interface AppUrlReachability {
  appUrl: string;
  publiclyReachable: boolean;
  /** A message key (connection.app_url_*) saying why not, or null. */
  reason: string | null;
}

type Lookup = (hostname: string) => Promise<Array<{ address: string }>>;
const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa|lan|test|example|invalid)$/i;
/** A name that does not resolve within this long counts as not resolvable (the settings screen waits for this). */
const LOOKUP_TIMEOUT_MS = 3000;
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; value: AppUrlReachability }>();

/**
 * Whether Meta's servers can reach APP_URL: they fetch every image and video from a URL under it, and send the
 * member's browser back to its callback. Not reachable: a scheme other than https (Facebook Login refuses redirect
 * URIs that are not https, and media by URL must be fetchable from the internet), a local name (localhost, *.local…),
 * or a host that is — literally or by what its name resolves to — loopback, private, link-local or any other
 * non-public address (the same address classes the outbound client refuses, without the operator's allow-list:
 * Meta cannot reach an address the operator's own network allows). The answer is kept five minutes.
 */
export async function appUrlReachability(appUrl: string, now = Date.now(), lookup: Lookup = systemLookup): Promise<AppUrlReachability> {
  const hit = cache.get(appUrl);
  if (hit && now - hit.at < CACHE_MS && lookup === systemLookup) return hit.value;
  const value = await check(appUrl, lookup);
  if (lookup === systemLookup) cache.set(appUrl, { at: now, value });
  return value;
}

async function check(appUrl: string, lookup: Lookup): Promise<AppUrlReachability> {
  const no = (reason: string): AppUrlReachability => ({ appUrl, publiclyReachable: false, reason });
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    return no("connection.app_url_invalid");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (LOCAL_NAMES.test(host) || (!host.includes(".") && !net.isIP(host))) return no("connection.app_url_local");
  const addresses = net.isIP(host) ? [host] : await resolve(host, lookup);
  if (addresses === null || addresses.length === 0) return no("connection.app_url_unresolvable");
  if (addresses.some((a) => addressRefusal(a, NO_PRIVATE_ADDRESSES) !== null)) return no("connection.app_url_private");
  if (url.protocol !== "https:") return no("connection.app_url_not_https");
  return { appUrl, publiclyReachable: true, reason: null };
}

async function resolve(host: string, lookup: Lookup): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), LOOKUP_TIMEOUT_MS)));
    const found = await Promise.race([lookup(host).then((list) => list.map((a) => a.address)), timeout]);
    return found;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
