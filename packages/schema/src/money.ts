import { formatMoney, minorUnitDigits } from "@socialplan/domain";
import type { Locale } from "./locale.ts";
import { translate, type MessageParams } from "./i18n/translate.ts";

/**
 * The largest amount, in minor units, anything in the app holds: 10 trillion cents ($100 billion) or won
 * (₩10 trillion). The budget's typed cells and its imports share it.
 */
export const MAX_MONEY_MINOR = 10_000_000_000_000;

/** Why a text is not an amount; each has a message `money.<problem>` in every language. */
export type MoneyProblem = "empty" | "not_a_number" | "currency" | "grouping" | "decimals" | "whole" | "negative" | "too_large";

export type MoneyReading = { ok: true; minor: number } | { ok: false; problem: MoneyProblem; params: MessageParams };

export interface MoneyOptions {
  /** ISO 4217 code of the amounts: it decides the currency signs taken and how many decimals an amount may have. */
  currency: string;
  /**
   * The decimal mark of the user's locale. It decides only the one ambiguous shape, a single mark followed by three
   * digits ("1,180" or "1.180"): the decimal mark makes it a fraction, the other mark thousands. Default ".".
   */
  decimal?: "." | ",";
  /** A leading minus is taken (e.g. refunds); otherwise a negative amount is refused. Default false. */
  allowNegative?: boolean;
}

// Grouping marks: comma, point, the spaces locales group with (incl. the narrow no-break space of fr), apostrophes (de-CH).
const SEPARATOR = /[.,'’ \u00a0\u2009\u202f]/;
const NUMBER = /^\d(?:[\d.,'’ \u00a0\u2009\u202f]*\d)?$/;
const MINUS = /^[-\u2212]|[-\u2212]$/;
const kind = (c: string): string => (c === "." || c === "," ? c : c === "'" || c === "’" ? "'" : " ");

/** Currencies whose signs are told apart from the workspace's (a "$" in a won budget is refused, not read as won). */
const KNOWN = ["USD", "EUR", "KRW", "JPY", "GBP", "CNY", "CAD", "AUD", "NZD", "CHF", "HKD", "SGD", "TWD", "INR", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "THB", "VND", "PHP", "IDR", "MYR", "ZAR", "TRY", "ILS", "AED"];
const EXTRA: Record<string, string[]> = { KRW: ["원", "\uFFE6"], JPY: ["円", "\uFFE5"], CNY: ["元", "\uFFE5"], USD: ["US$"] };
const LOCALES_SEEN = ["en", "ko", "ja", "zh", "de", "fr", "de-CH", "es", "en-IN"];
const markerCache = new Map<string, Set<string>>();

/** The signs a currency is written with across common locales ("$", "US$", "$US", "₩", "원", "KRW"…), upper-cased. */
function markersOf(currency: string): Set<string> {
  let set = markerCache.get(currency);
  if (set) return set;
  set = new Set([currency, ...(EXTRA[currency] ?? [])]);
  for (const locale of LOCALES_SEEN) {
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      const part = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay }).formatToParts(1).find((p) => p.type === "currency");
      if (part) set.add(part.value.trim());
    }
  }
  set = new Set([...set].map((m) => m.toUpperCase()));
  markerCache.set(currency, set);
  return set;
}

let isoCodes: Set<string> | null = null;
const isIsoCode = (code: string) => (isoCodes ??= new Set(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : KNOWN)).has(code);

// A file's every cell is in the one currency: its digits are looked up once (Intl is slow to construct).
const digitsCache = new Map<string, number>();
const digitsOf = (currency: string) => digitsCache.get(currency) ?? digitsCache.set(currency, minorUnitDigits(currency)).get(currency)!;

const refuse = (problem: MoneyProblem, params: MessageParams = {}): MoneyReading => ({ ok: false, problem, params });

/**
 * Reads an amount as people and spreadsheets write it — "1180.50", "1,180.50", "$1,180.50", "1.180,50 €",
 * "₩12,000", "12,000원", "-25" — into integer minor units, strictly: digits, at most one decimal mark, optional
 * grouping by threes, an optional currency sign or ISO code before or after (of the given currency), a leading minus
 * where allowed. Exponents, hex, letters, more decimals than the currency has (never rounded) and amounts beyond
 * MAX_MONEY_MINOR are refused with the reason.
 */
export function parseMoney(text: string, options: MoneyOptions): MoneyReading {
  const { currency } = options;
  const digits = digitsOf(currency);
  // Full-width forms (１２,０００, ＄) as typed with an East Asian input method are the same characters.
  const s = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  if (s === "") return refuse("empty");
  // Only a refusal shows an example: formatting one for every good cell of a large file costs time.
  const example = () => ({ example: formatMoney({ amount: digits ? 118_050 * 10 ** (digits - 2) : 12_000, currency }, "en") });

  const first = s.search(/\d/);
  const last = s.search(/\d\D*$/);
  if (first < 0) return refuse("not_a_number", example());
  const number = s.slice(first, last + 1);
  if (!NUMBER.test(number)) return refuse("not_a_number", example());
  let head = s.slice(0, first).trim();
  const tail = s.slice(last + 1).trim();
  const negative = MINUS.test(head);
  if (negative) head = head.replace(MINUS, "").trim();
  if (/[-\u2212]/.test(head + tail) || (head && tail)) return refuse("not_a_number", example());

  const marker = (head || tail).toUpperCase();
  if (marker && !markersOf(currency).has(marker)) {
    const foreign = /^[A-Z]{3}$/.test(marker) ? isIsoCode(marker) : KNOWN.some((c) => markersOf(c).has(marker));
    return foreign ? refuse("currency", { found: head || tail, currency }) : refuse("not_a_number", example());
  }

  // Which mark, if any, is the decimal one.
  const marks = [...number].filter((c) => SEPARATOR.test(c));
  const lastMark = marks.at(-1);
  let decimalAt = -1;
  if (lastMark === "." || lastMark === ",") {
    const at = number.lastIndexOf(lastMark);
    const others = marks.slice(0, -1);
    if (others.some((c) => c !== lastMark)) decimalAt = at;
    else if (others.length === 0) decimalAt = number.length - at - 1 !== 3 || lastMark === (options.decimal ?? ".") ? at : -1;
  }
  const whole = decimalAt < 0 ? number : number.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? "" : number.slice(decimalAt + 1);
  if (!/^\d+$/.test(fraction || "0")) return refuse("grouping", example());

  // Grouping: one kind of mark, never the decimal one, groups of three after the first.
  const groups = whole.split(SEPARATOR);
  const groupMarks = new Set([...whole].filter((c) => SEPARATOR.test(c)).map(kind));
  const decimalKind = decimalAt < 0 ? null : number[decimalAt]!;
  if (groupMarks.size > 1 || (decimalKind && groupMarks.has(decimalKind)) || groups.some((g, i) => (i === 0 ? !/^\d{1,3}$/.test(g) && groups.length > 1 : !/^\d{3}$/.test(g)))) {
    return refuse("grouping", example());
  }

  if (fraction.length > digits) return refuse(digits === 0 ? "whole" : "decimals", { currency, digits });
  const minorText = (groups.join("") + fraction.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  if (minorText.length > String(MAX_MONEY_MINOR).length || Number(minorText) > MAX_MONEY_MINOR) return refuse("too_large", { max: formatMoney({ amount: MAX_MONEY_MINOR, currency }, "en") });
  const minor = Number(minorText);
  if (negative && minor !== 0 && !options.allowNegative) return refuse("negative");
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

/** The decimal mark a locale writes ("en", "ko": "."; "de", "fr": ","), for MoneyOptions.decimal. */
export function decimalMarkOf(locale: string): "." | "," {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value === "," ? "," : ".";
}

/** The reason a text is not an amount, in the user's language (the text quoted back). */
export function moneyProblemMessage(locale: Locale, text: string, reading: Extract<MoneyReading, { ok: false }>): string {
  return translate(locale, `money.${reading.problem}`, { value: text.trim(), ...reading.params });
}
