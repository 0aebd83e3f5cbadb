/** Money is an integer count of the currency's minor unit (cents for USD, won for KRW). */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Number of decimal digits of the currency's minor unit (USD 2, KRW 0, BHD 3). */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Converts a decimal amount typed by a user ("12.34") to integer minor units, rounding half away from zero. */
export function toMinorUnits(decimal: string | number, currency: string): number {
  const digits = minorUnitDigits(currency);
  const text = typeof decimal === "number" ? decimal.toFixed(digits + 2) : decimal.trim().replace(/,/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a decimal amount: ${String(decimal)}`);
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = text.replace("-", "").split(".");
  const padded = (fraction + "0".repeat(digits + 1)).slice(0, digits + 1);
  let minor = Number(whole) * 10 ** digits + Number(padded.slice(0, digits) || "0");
  if (Number(padded.slice(digits)) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) throw new RangeError("amount too large");
  return negative ? -minor : minor;
}

/** Formats integer minor units for display with Intl, e.g. 123456 USD → "$1,234.56", 5000 KRW → "₩5,000". */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorUnitDigits(money.currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency: money.currency }).format(money.amount / 10 ** digits);
}
