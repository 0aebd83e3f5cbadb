const knownZones = new Map<string, boolean>();
/** True for an IANA time zone name this runtime knows (e.g. "Asia/Seoul"); answers are remembered. */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  let known = knownZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 2000) knownZones.set(value, known);
  }
  return known;
}

let currencies: Set<string> | undefined;
/** True for an ISO 4217 currency code this runtime knows (e.g. "KRW"). */
export function isCurrency(value: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(value);
}
