import { minorUnitDigits } from "@socialplan/domain";
import { formatDay, formatDayRange, formatInstant, formatMonth, formatMonthRange, formatRelative, zoneLabel, type DateStyle } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

/**
 * Every date, time and number a screen shows, in the reader's language (`intl`, e.g. "en-US") and the workspace's
 * time zone. Instants (a post's time, a comment's) are shown on the workspace's clock; calendar days and months
 * ("2026-12-01", "2026-12") have no zone and are never shifted by the browser's (the cause of "Nov 30 – Nov 29" for a
 * December–November period seen from west of UTC). Pure, so it can be tested without React.
 */
export function makeFormat(intl: string, timeZone?: string, clock: () => Date = () => new Date()) {
  const dateTime = (iso: string) => formatInstant(intl, timeZone, iso);
  return {
    /** An instant: "Dec 7, 2026, 9:30 AM". */
    dateTime,
    /** The day of an instant: "Dec 7, 2026". */
    date: (iso: string) => formatInstant(intl, timeZone, iso, { date: "medium" }),
    /** The time of an instant: "9:30 AM". */
    time: (iso: string) => formatInstant(intl, timeZone, iso, { time: "short" }),
    /** A calendar day ("2026-12-01", a deadline): "Dec 1, 2026", whatever the zone. */
    day: (day: string, style: DateStyle = "medium") => formatDay(intl, day, style),
    /** Two calendar days: "Dec 1, 2026 – Nov 30, 2027". */
    dayRange: (first: string, last: string) => formatDayRange(intl, first, last),
    /** A month: "December 2026". */
    month: (month: string) => formatMonth(intl, month, "long"),
    /** A month, short: "Dec 2026" (never "Dec 26", which reads like a day). */
    monthShort: (month: string) => formatMonth(intl, month, "short"),
    /** Months in prose: "Dec 2026 – Nov 2027". */
    monthRange: (from: string, to: string) => formatMonthRange(intl, from, to),
    /** "3 hours ago" for feeds; past a week, the date and time. Pair it with `exact` in a title. */
    relative: (iso: string) => formatRelative(intl, iso, clock()) ?? dateTime(iso),
    /** The exact time with its zone, for a tooltip: "Dec 7, 2026, 9:30 AM · Asia/Seoul (GMT+9)". */
    exact: (iso: string) => (timeZone ? `${dateTime(iso)} · ${zoneLabel(timeZone, new Date(iso))}` : dateTime(iso)),
    /** The zone named the way people read it: "Asia/Seoul (GMT+9)". */
    zone: timeZone ? zoneLabel(timeZone, clock()) : "",
    number: (n: number) => new Intl.NumberFormat(intl).format(n),
    /** A typical price in the currency, as typed into a money field: "25.00" (USD), "25,000" (KRW, no minor unit). */
    priceExample: (currency: string) => {
      const digits = minorUnitDigits(currency);
      return new Intl.NumberFormat(intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(digits === 0 ? 25_000 : 25);
    },
  };
}

export type Format = ReturnType<typeof makeFormat>;

/** Dates and numbers through Intl, in the user's language and the given (the workspace's) time zone. */
export function useFormat(timeZone?: string): Format {
  const { t } = useTranslation();
  return makeFormat(t("intlLocale"), timeZone);
}
