import type { ReportTable } from '../analytics/reports.js';

/** A text a spreadsheet would read as a formula (OWASP "CSV injection"): = + - @, or a tab or return first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: a text that could start a formula is prefixed with ' so spreadsheets show it as text; a number
 * stays a number (a count or a score change such as -1.5 is data, not a formula).
 */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A report table as CSV (RFC 4180, CRLF), headed by the columns' labels. Suppressed counts stay "<10". A byte
 * order mark first, so Excel reads the UTF-8 (a campaign or place name with Ł or é) as UTF-8.
 */
export function reportCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => cell(c.label)), ...table.rows.map((row) => table.columns.map((c) => cell(row[c.key])))];
  return `\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** The file name a table downloads as, e.g. checkin_bands_2027-01-01_2027-03-31.csv. */
export function csvFileName(table: Pick<ReportTable, 'name'>, range: { from: string; to: string }): string {
  return `${table.name}_${range.from}_${range.to}.csv`;
}
