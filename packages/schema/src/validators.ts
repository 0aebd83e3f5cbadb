/** True for an IANA time zone name this runtime knows (e.g. "Asia/Seoul"). */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

let currencies: Set<string> | undefined;
/** True for an ISO 4217 currency code this runtime knows (e.g. "KRW"). */
export function isCurrency(value: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(value);
}
