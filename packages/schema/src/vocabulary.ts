import { z } from "zod";

/**
 * The one vocabulary for dates, months, instants and text that every request schema uses.
 *
 * Dates are calendar days from 1900-01-01 to 9999-12-31: four-digit years keep "YYYY-MM-DD" strings sortable
 * and inside what `Date`, Luxon and both databases handle, and nothing the product plans lies before 1900.
 * Checks are pure string and integer arithmetic, so no input can make them throw.
 */
import { daysFromTo, isCalendarDate, isCalendarMonth, isInstant } from "./calendar-dates.ts";
export { daysFromTo, daysInMonth, isCalendarDate, isCalendarMonth, isInstant, MAX_DATE, MAX_YEAR, MIN_DATE, MIN_YEAR } from "./calendar-dates.ts";


/** A calendar date, "YYYY-MM-DD", 1900-01-01 to 9999-12-31 (error `validation.date`). */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date", abort: true })
  .refine(isCalendarDate, { error: "validation.date" });
/** A calendar month, "YYYY-MM", 1900-01 to 9999-12 (error `validation.month`). */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-\d{2}$/, { error: "validation.month", abort: true })
  .refine(isCalendarMonth, { error: "validation.month" });
/** An instant: ISO 8601 with a zone or "Z", years 1900–9999; the server stores it in UTC (error `validation.instant`). */
export const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T/, { error: "validation.instant", abort: true })
  .refine(isInstant, { error: "validation.instant" });

/**
 * A period of days: `to` not before `from` and at most `maxDays` apart (for a refine whose error is
 * `metrics.bad_period` on `to`). An invalid date passes here: its own field already says what is wrong.
 */
export const periodFits = (q: { from: unknown; to: unknown }, maxDays = 1100): boolean =>
  !isCalendarDate(q.from) || !isCalendarDate(q.to) || (q.from <= q.to && daysFromTo(q.from, q.to) <= maxDays);

// --- Text -------------------------------------------------------------------------------------------------

// C0 controls except tab and newline, DEL, and the C1 controls; CR is handled first (CRLF and lone CR become LF).
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Marks that reorder how text is shown: a name "\u202Egnp.exe" reads as "exe.png".
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF), and the C1 controls it only discourages.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAY_NEED_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as it is stored: line ends become "\n", control characters other than tab and newline are removed
 * (NUL included), and a lone UTF-16 surrogate (not a character at all) becomes U+FFFD.
 */
export function cleanText(value: string): string {
  // Most text has nothing to clean: one scan, no copies.
  if (!MAY_NEED_CLEANING.test(value)) return value;
  return value.replace(/\r\n?/g, "\n").replace(CONTROLS, "").replace(LONE_SURROGATE, "\uFFFD");
}

export const FILE_NAME_MAX = 200;
/**
 * A file name as shown and offered for download: clean text on one line (tabs and newlines become spaces),
 * without bidirectional controls, trimmed and at most 200 characters (a longer name is cut before its extension).
 */
export function cleanFileName(value: string): string {
  const name = cleanText(value).replace(/[\t\n]/g, " ").replace(BIDI_CONTROLS, "").trim();
  if (name.length <= FILE_NAME_MAX) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  // Cut in UTF-16 units (the stored limit) without splitting a surrogate pair.
  const stem = name.slice(0, FILE_NAME_MAX - extension.length).replace(/[\uD800-\uDBFF]$/, "").trim();
  return stem + extension;
}

/** Text safe to put in an XML document (DOCX, XLSX): only characters XML 1.0 allows, no C1 controls, line ends as LF. */
export function xmlSafeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(NOT_XML, "");
}

/** A file's name (asset uploads and renames): cleaned as `cleanFileName`, 1–200 characters. */
export const fileNameSchema = z.string().overwrite(cleanFileName).min(1).max(FILE_NAME_MAX);

/**
 * A web address a person typed (a tool's site, a channel's profile): empty, written without a scheme
 * ("instagram.com/shop", shown as https), or http(s). Any other scheme (`javascript:`, `data:`, `vbscript:`) is
 * refused: the address becomes a link on screen.
 */
export const webAddressSchema = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v) || !/^[a-z][a-z0-9+.-]*:/i.test(v), { error: "validation.url" });
