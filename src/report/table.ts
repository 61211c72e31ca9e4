/**
 * Compact plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
 */

/** A cell: text, or a number formatted with `formatNumber`. */
export type Cell = string | number;

/**
 * formatNumber(v) = v with 4 significant digits, in exponent form when |v| < 1e-3 or |v| ≥ 1e5 (0 stays "0",
 * NaN, meaning "no value", is "-").
 * @example formatNumber(0.000012346) // "1.235e-5"
 */
export const formatNumber = (v: number): string => {
  if (v === 0) return '0';
  if (Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
};

const text = (c: Cell): string => (typeof c === 'number' ? formatNumber(c) : c);

/**
 * formatTable(headers, rows): a header line, a rule of dashes, and one line per row; column j is as wide as its
 * widest cell, and number cells are right-aligned. Lines are joined with "\n" (no trailing newline).
 * @example formatTable(['scenario', 'loss'], [['quadratic', 1e-6]])
 */
export const formatTable = (headers: readonly string[], rows: readonly (readonly Cell[])[]): string => {
  const widths = headers.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...text(r[j] ?? '')].length)));
  const pad = (c: Cell, j: number): string => {
    const s = text(c);
    const fill = ' '.repeat(Math.max(0, (widths[j] ?? 0) - [...s].length));
    return typeof c === 'number' ? fill + s : s + fill;
  };
  const line = (cells: readonly Cell[]): string => headers.map((_, j) => pad(cells[j] ?? '', j)).join('  ').trimEnd();
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
  /** Wall-clock time of the run in seconds (shown to 0.01 s). */
  readonly seconds: number;
}

/** summaryTable(rows) = formatTable(['scenario', 'result', 'loss', 'time (s)'], rows), times to 0.01 s. */
export const summaryTable = (rows: readonly SummaryRow[]): string =>
  formatTable(
    ['scenario', 'result', 'loss', 'time (s)'],
    rows.map((r) => [r.scenario, r.result, r.loss, r.seconds.toFixed(2).padStart(5)]),
  );
