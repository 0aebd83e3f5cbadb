import { googleBusinessReader } from "../../metrics/google-business-numbers.ts";
import { GBP_ACCOUNTS_API, GBP_INFO_API, gbpCall, lastSegment } from "../../publishing/adapters/google-business-api.ts";
import { locationOf } from "../../publishing/adapters/google-business.ts";
import type { GoogleKindApi } from "./google.ts";
import type { FlowCall, FoundAccount } from "./types.ts";

/**
 * Business Profile behind the shared Google sign-in (flows/google.ts, scope `https://www.googleapis.com/auth/business.manage`):
 * - the accounts a sign-in may connect are the locations the Google account manages: Account Management
 *   `GET /v1/accounts` (https://developers.google.com/my-business/reference/accountmanagement/rest/v1/accounts/list:
 *   the personal account and the location groups / organizations it belongs to), then for each Business Information
 *   `GET /v1/{parent=accounts/*}/locations?readMask=name,title,storefrontAddress`
 *   (https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations/list;
 *   `readMask` is required). One connection per location: id = the location id, name = its title and first address
 *   line, and `extra` { account: "accounts/…", location: "locations/…" } — the v4 local posts path needs both
 *   (`accounts/{a}/locations/{l}/localPosts`), the Performance API the location.
 *   A location seen under several accounts (personal and a group) is offered once, under the first.
 * - check: `GET /v1/{name=locations/*}?readMask=name,title,storefrontAddress`
 *   (https://developers.google.com/my-business/reference/businessinformation/rest/v1/locations/get). No publishing
 *   quota is documented per location.
 * - numbers: metrics/google-business-numbers.ts.
 */

/** Pages read: accounts (20 a page) and locations per account (100 a page). Chosen bounds. */
const ACCOUNT_PAGES = 5;
const LOCATION_PAGES = 10;

interface GbpAccount {
  name?: string;
  accountName?: string;
}

interface PostalAddress {
  addressLines?: string[];
  locality?: string;
  administrativeArea?: string;
}

interface GbpLocationRow {
  name?: string;
  title?: string;
  storefrontAddress?: PostalAddress;
}

/** "Title — 12 Main St, Springfield"; a service-area business without a storefront: its title alone. */
export function locationLabel(l: GbpLocationRow): string {
  const title = (l.title ?? "").trim() || lastSegment(l.name ?? "");
  const a = l.storefrontAddress;
  const line = [a?.addressLines?.find((x) => x.trim())?.trim(), a?.locality?.trim()].filter(Boolean).join(", ");
  return line ? `${title} — ${line}` : title;
}

async function pages<T>(read: (pageToken: string | undefined) => Promise<{ items: T[]; next: string | undefined }>, max: number): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < max; i++) {
    const page = await read(token);
    all.push(...page.items);
    token = page.next;
    if (!token) break;
  }
  return all;
}

async function locations(call: FlowCall, token: string): Promise<Array<Omit<FoundAccount, "accessToken">>> {
  const accounts = await pages(async (pageToken) => {
    const q = new URLSearchParams({ pageSize: "20", ...(pageToken ? { pageToken } : {}) });
    const res = await gbpCall<{ accounts?: GbpAccount[]; nextPageToken?: string }>(call, "GET", `${GBP_ACCOUNTS_API}/accounts?${q}`, token);
    return { items: res.accounts ?? [], next: res.nextPageToken };
  }, ACCOUNT_PAGES);
  const found = new Map<string, Omit<FoundAccount, "accessToken">>();
  for (const account of accounts) {
    if (!account.name || !/^accounts\/[^/]+$/.test(account.name)) continue;
    const rows = await pages(async (pageToken) => {
      const q = new URLSearchParams({ readMask: "name,title,storefrontAddress", pageSize: "100", ...(pageToken ? { pageToken } : {}) });
      const res = await gbpCall<{ locations?: GbpLocationRow[]; nextPageToken?: string }>(call, "GET", `${GBP_INFO_API}/${account.name}/locations?${q}`, token);
      return { items: res.locations ?? [], next: res.nextPageToken };
    }, LOCATION_PAGES);
    for (const l of rows) {
      if (!l.name || !/^locations\/[^/]+$/.test(l.name) || found.has(l.name)) continue;
      found.set(l.name, { id: lastSegment(l.name), name: locationLabel(l).slice(0, 200), username: null, pictureUrl: null, extra: { account: account.name, location: l.name } });
    }
  }
  return [...found.values()];
}

export const googleBusinessApi: GoogleKindApi = {
  accounts: locations,
  async check(call, conn) {
    const loc = locationOf(conn.config, conn.secret);
    const l = await gbpCall<GbpLocationRow>(call, "GET", `${GBP_INFO_API}/${loc.location}?readMask=name,title,storefrontAddress`, loc.token);
    return { id: lastSegment(l.name ?? loc.location), name: locationLabel(l), username: null, quota: null };
  },
  numbersReader: (call, conn) => googleBusinessReader(call, locationOf(conn.config, conn.secret)),
};
