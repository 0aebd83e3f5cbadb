/**
 * The one CSV writer of every export, with OWASP's formula escaping: it lives in packages/schema/src/csv.ts so the web
 * app's chart downloads write CSV by the same rules; re-exported here for the server's exports.
 */
export { escapeText, unescapeText, writeCsv, writeCsvRecords, type CsvCell, type FormattedFigure } from "@socialplan/schema";
