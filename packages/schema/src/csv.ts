/**
 * The one CSV writer of every export (budget, calendar, reports — and the charts' downloads in the browser), safe to open
 * in Excel, LibreOffice or Google Sheets.
 *
 * Text that a spreadsheet would take for a formula — starting with =, +, -, @, a tab, a carriage return or NUL, also
 * after leading spaces, and their full-width forms (＝＋－＠) that East Asian spreadsheets read the same way — gets
 * a single quote in front, as OWASP's CSV Injection guidance recommends: the spreadsheet shows the text (behind a
 * visible ') and runs nothing. Every text cell is quoted, quotes inside doubled (RFC 4180). What is escaped is decided
 * by the value's type, not by its look: numbers we write (-12.5 in a difference column) stay numbers, and so do
 * figures we formatted ourselves (a report's "-12.5 %"), while the text "-2+3" typed by someone is escaped.
 */

/** A number formatted for reading by us (Intl: "1,234", "-12.5 %", "₩12,000"): written as its text, unescaped. */
export interface FormattedFigure {
  readonly value: number;
  readonly text: string;
}

export type CsvCell = string | number | FormattedFigure | null | undefined;

/** Text a spreadsheet would read as a formula (or one of our escaped ones: any leading quotes are looked past). */
const FORMULA_START = /^'*(?:[\t\r\0]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** One text cell's content as it is safe to write (before quoting). */
export function escapeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Undoes escapeText for a cell of a text column read back from one of our exports: the protective quote is taken off
 * only where escapeText would have put it, so "'=A1" comes back as "=A1", and "'Tis the season" stays as it is.
 */
export function unescapeText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "object") return quoted(value.text);
  return quoted(escapeText(value));
}

/** Rows (the header first) as CSV text: CRLF line ends, with a byte order mark unless asked not to (Excel needs it for UTF-8). */
export function writeCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return (options.bom === false ? "" : "\uFEFF") + rows.map((r) => r.map(cell).join(",")).join("\r\n");
}

/** Objects as CSV rows, in the given column order, with the column names as the header. */
export function writeCsvRecords<K extends string>(columns: readonly K[], records: readonly Record<K, CsvCell>[], options: { bom?: boolean } = {}): string {
  return writeCsv([columns, ...records.map((r) => columns.map((c) => r[c]))], options);
}
