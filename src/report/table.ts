/**
 * Compact plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { ShapeError } from '../core/shape.js';
import { type Range, nonNegative } from '../optim/ranges.js';
import { checkNumberIn, checkRecord, checkString } from './arguments.js';

/** A cell: text, or a number formatted with `formatNumber`. */
export type Cell = string | number;

/**
 * formatNumber(v) = v with 4 significant digits, in exponent form when |v| < 1e-3 or |v| ≥ 1e5 (0 stays "0",
 * NaN, meaning "no value", is "-").
 * @example formatNumber(0.000012346) // "1.235e-5"
 */
export const formatNumber = (v: number): string => {
  if (typeof v !== 'number') throw new ArgumentError('formatNumber', `v: expected a number, got ${describeValue(v)}`);
  if (v === 0) return '0';
  if (Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
};

const text = (c: Cell): string => (typeof c === 'number' ? formatNumber(c) : c);

/**
 * formatTable's arguments at its boundary: headers are strings, each row an array of at most as many cells, each a
 * string or a number.
 */
function checkTable(where: string, headers: unknown, rows: unknown): asserts rows is readonly (readonly Cell[])[] {
  if (!Array.isArray(headers))
    throw new ArgumentError(where, `headers: expected an array of strings, got ${describeValue(headers)}`);
  const names: readonly unknown[] = headers;
  for (let j = 0; j < names.length; j++) checkString(where, `headers[${j}]`, names[j]);
  if (!Array.isArray(rows))
    throw new ArgumentError(where, `rows: expected an array of rows (arrays of cells), got ${describeValue(rows)}`);
  const list: readonly unknown[] = rows;
  for (let i = 0; i < list.length; i++) {
    const row = list[i];
    if (!Array.isArray(row))
      throw new ArgumentError(
        where,
        `rows[${i}]: expected an array of cells (strings or numbers), got ${describeValue(row)}`,
      );
    const cells: readonly unknown[] = row;
    if (cells.length > names.length)
      throw new ShapeError(
        where,
        `rows[${i}] has ${cells.length} cells, more than there are headers (${names.length})`,
      );
    const bad = cells.findIndex((c) => typeof c !== 'string' && typeof c !== 'number');
    if (bad >= 0)
      throw new ArgumentError(
        where,
        `rows[${i}][${bad}]: expected a string or a number, got ${describeValue(cells[bad])}`,
      );
  }
}

/**
 * formatTable(headers, rows): a header line, a rule of dashes, and one line per row; column j is as wide as its
 * widest cell, and number cells are right-aligned. Lines are joined with "\n" (no trailing newline). A row may
 * have fewer cells than there are headers (the rest are blank), not more (a ShapeError).
 * @example formatTable(['scenario', 'loss'], [['quadratic', 1e-6]])
 */
export const formatTable = (headers: readonly string[], rows: readonly (readonly Cell[])[]): string => {
  checkTable('formatTable', headers, rows);
  return table(headers, rows);
};

/** The text of formatTable, from arguments already checked. */
const table = (headers: readonly string[], rows: readonly (readonly Cell[])[]): string => {
  // A fold, not Math.max(...cells): a spread of 10⁵ rows' widths would overflow the stack.
  const widths = headers.map((h, j) => rows.reduce((w, r) => Math.max(w, [...text(r[j] ?? '')].length), [...h].length));
  const pad = (c: Cell, j: number): string => {
    const s = text(c);
    const fill = ' '.repeat(Math.max(0, (widths[j] ?? 0) - [...s].length));
    return typeof c === 'number' ? fill + s : s + fill;
  };
  const line = (cells: readonly Cell[]): string =>
    headers
      .map((_, j) => pad(cells[j] ?? '', j))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

/** One line of a run summary. */
export interface SummaryRow {
  /** The run's name. */
  readonly scenario: string;
  /** Final parameters or accuracy, already formatted. */
  readonly result: string;
  /** The final loss (formatted with `formatNumber`; NaN shows as "-"). */
  readonly loss: number;
  /** Wall-clock time of the run in seconds, a finite number ≥ 0 (shown to 0.01 s). */
  readonly seconds: number;
}

const summaryKeys: KeySet<SummaryRow> = { scenario: true, result: true, loss: true, seconds: true };
const anyNumber: Range = { name: 'a number', ok: () => true };

/** summaryTable's rows at its boundary: an array of records {scenario, result, loss, seconds}. */
function checkSummary(where: string, rows: unknown): asserts rows is readonly SummaryRow[] {
  if (!Array.isArray(rows))
    throw new ArgumentError(
      where,
      `rows: expected an array of rows {scenario, result, loss, seconds}, got ${describeValue(rows)}`,
    );
  const list: readonly unknown[] = rows;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    const at = `rows[${i}]`;
    checkRecord(where, at, r, summaryKeys, 'a row {scenario, result, loss, seconds}');
    checkString(where, `${at}.scenario`, r['scenario']);
    checkString(where, `${at}.result`, r['result']);
    checkNumberIn(where, `${at}.loss`, r['loss'], anyNumber);
    checkNumberIn(where, `${at}.seconds`, r['seconds'], nonNegative);
  }
}

/**
 * summaryTable(rows) = formatTable(['scenario', 'result', 'loss', 'time (s)'], rows), times to 0.01 s.
 * @example summaryTable([{ scenario: 'one weight', result: 'w = 4.36', loss: 1.111, seconds: 0.12 }])
 */
export const summaryTable = (rows: readonly SummaryRow[]): string => {
  checkSummary('summaryTable', rows);
  return table(
    ['scenario', 'result', 'loss', 'time (s)'],
    rows.map((r) => [r.scenario, r.result, r.loss, r.seconds.toFixed(2).padStart(5)]),
  );
};
