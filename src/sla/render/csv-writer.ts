import { NocError } from '../../core/index.js';
import { fixedDecimals, plainNumber } from './format-report-values.js';

/** A number already printed (fixed decimals, a percent's 4): written as is and never formula-guarded. */
export interface PrintedNumber {
  readonly printed: string;
}

/**
 * One CSV cell. Text is guarded against formula injection; a number prints plainly with up to 3
 * decimals (the reports' millisecond precision in seconds); a boolean as true/false; null as empty.
 */
export type CsvCell = string | number | boolean | null | PrintedNumber;

/** `value` printed with up to `maxDecimals` decimals, or null (an empty cell) for null. */
export function printedNumber(value: number | null, maxDecimals: number): PrintedNumber | null {
  return value === null ? null : { printed: plainNumber(value, maxDecimals) };
}

/** `amount` printed with exactly 2 decimals, as money is read. */
export function printedMoney(amount: number): PrintedNumber {
  return { printed: fixedDecimals(amount, 2) };
}

/** A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One cell as RFC 4180 text; `column` names it in errors. */
export function csvField(cell: CsvCell, column = 'cell'): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new NocError('internal', `CSV column '${column}' must be a finite number, got ${cell}`);
    return plainNumber(cell, 3);
  }
  if (typeof cell === 'object') return quoted(cell.printed);
  // The quote makes the spreadsheet show the text as typed instead of evaluating it.
  return quoted(FORMULA_START.test(cell) ? `'${cell}` : cell);
}

/** A CSV document (RFC 4180: CRLF after every record, header first); every row must match the header. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map((name) => csvField(name)).join(',')];
  let index = 0;
  for (const row of rows) {
    index += 1;
    if (row.length !== header.length) throw new NocError('internal', `CSV row ${index} has ${row.length} cells, expected ${header.length} (${header.join(',')})`);
    lines.push(row.map((cell, column) => csvField(cell, header[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
