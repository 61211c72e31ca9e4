/**
 * The CSV rules that `parseCsv` (a whole text) and `csvBatches` (a file streamed record by record) share, so
 * both accept and refuse the same files with the same messages: the columns option checked, the header read
 * (duplicate names, missing columns), and each record decoded to one example's features and labels, with the
 * file line it starts on (header = line 1) in every report.
 */
import { elementAt } from '../core/invariant.js';
import * as E from 'fp-ts/lib/Either.js';
import type { DType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { type Tensor, tensor } from '../core/tensor.js';
import { checkDType, checkInteger, checkOptions } from './arguments.js';
import { FiniteNumberFromString } from './codecs.js';
import type { DatasetOptions } from './dataset.js';

/** Which CSV columns are features and which are labels. */
export interface CsvColumns extends DatasetOptions {
  /** The feature columns' header names, in the order of x's columns: x has shape [n, features.length] (at least 1). */
  readonly features: readonly string[];
  /** One label column (labels of shape [n]) or several (shape [n, k]). */
  readonly labels: string | readonly string[];
  /** The dtype of the features and labels (default 'float64'); with 'float32', a value beyond its range is refused. */
  readonly dtype?: DType;
}

const columnKeys: KeySet<CsvColumns> = { features: true, labels: true, dtype: true, classes: true };

/** The largest finite float32, (2 − 2⁻²³)·2¹²⁷. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Where each chosen column sits in the header, and what a row must satisfy. */
export interface CsvLayout {
  /** The feature columns' names and positions in the header. */
  readonly features: readonly (readonly [string, number])[];
  /** The label columns' names and positions in the header. */
  readonly labels: readonly (readonly [string, number])[];
  /** Whether the labels are one column (y of shape [n]) or a list (y of shape [n, k]). */
  readonly singleLabel: boolean;
  /** The dtype the values are stored in. */
  readonly dtype: DType;
  /** The number of classes each label must be an index of, if given. */
  readonly classes: number | undefined;
}

/** One decoded record: its features and labels. */
export interface CsvRow {
  /** The features, in the order of `columns.features`. */
  readonly x: readonly number[];
  /** The labels, in the order of the label columns. */
  readonly y: readonly number[];
}

const isStrings = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((c) => typeof c === 'string');
const isStringList = (v: unknown): v is readonly string[] => isStrings(v) && v.length > 0;

/**
 * checkCsvColumns(where, columns): the columns option of `where` (parseCsv, loadCsv, csvBatches) is well formed:
 * known keys only, `features` a non-empty list of names, `labels` a name or a non-empty list of names, `dtype`
 * and `classes` valid. Throws an ArgumentError (a DTypeError for the dtype) naming the field and its value.
 */
export const checkCsvColumns = (where: string, columns: CsvColumns): void => {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new ArgumentError(
      where,
      `columns: expected {features, labels, dtype?, classes?}, got ${describeValue(columns)}`,
    );
  }
  checkOptions(where, columns, columnKeys, 'columns');
  if (!isStringList(columns.features)) {
    throw new ArgumentError(
      where,
      `columns.features: expected a non-empty list of column names, got ${describeValue(columns.features)}`,
    );
  }
  if (typeof columns.labels !== 'string' && !isStringList(columns.labels)) {
    throw new ArgumentError(
      where,
      `columns.labels: expected a column name or a non-empty list of them, got ${describeValue(columns.labels)}`,
    );
  }
  checkDType(where, 'columns.dtype', columns.dtype);
  if (columns.classes !== undefined) checkInteger(where, 'columns.classes', columns.classes, 1);
};

/**
 * readHeader(header, columns): the layout of the chosen columns in a header, or Left when a name appears twice
 * in the header or a chosen column is not in it.
 */
export const readHeader = (header: readonly string[], columns: CsvColumns): E.Either<string, CsvLayout> => {
  const twice = header.find((c, i) => header.indexOf(c) !== i);
  if (twice !== undefined) return E.left(`column "${twice}" appears twice in the header [${header.join(', ')}]`);
  const labelCols = typeof columns.labels === 'string' ? [columns.labels] : columns.labels;
  const missing = [...columns.features, ...labelCols].filter((c) => !header.includes(c));
  if (missing.length > 0)
    return E.left(
      `column(s) ${[...new Set(missing)].map((c) => `"${c}"`).join(', ')} not in the header [${header.join(', ')}]`,
    );
  const at = (c: string): readonly [string, number] => [c, header.indexOf(c)];
  return E.right({
    features: columns.features.map(at),
    labels: labelCols.map(at),
    singleLabel: typeof columns.labels === 'string',
    dtype: columns.dtype ?? 'float64',
    classes: columns.classes,
  });
};

/** csv-parse's options for each CSV gradfold reads: blank lines skipped, fields trimmed, records with line info. */
export const csvParseOptions = { skip_empty_lines: true, trim: true, info: true } as const;

/** A record as csv-parse gives it with `info: true`, and the file line it starts on. */
export interface LinedRecord {
  /** The record's fields. */
  readonly record: readonly string[];
  /** The file line the record starts on (1 for the first line). */
  readonly line: number;
}

const hasField = <K extends string>(v: unknown, k: K): v is { readonly [P in K]: unknown } =>
  typeof v === 'object' && v !== null && k in v;

/**
 * linedRecord(r): a record of csv-parse (`info: true`) with the line it starts on: `info.lines` (the line it ends
 * on) less the line breaks inside its quoted fields. Undefined for anything else.
 */
export const linedRecord = (r: unknown): LinedRecord | undefined => {
  if (!hasField(r, 'record') || !hasField(r, 'info') || !hasField(r.info, 'lines')) return undefined;
  const { record } = r;
  const lines = r.info.lines;
  if (!isStrings(record) || typeof lines !== 'number') return undefined;
  return { record, line: lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) };
};

/**
 * decodeRecord(layout, record, line): one example from a record, or Left with one line per bad field: not a
 * finite decimal number (`row 4, column "y": expected a finite decimal number, got "0x10"`), beyond float32's
 * range when the dtype is float32, or a label that is not a class in [0, classes).
 */
export const decodeRecord = (
  layout: CsvLayout,
  record: readonly string[],
  line: number,
): E.Either<readonly string[], CsvRow> => {
  const problems: string[] = [];
  const read = ([name, index]: readonly [string, number], label: boolean): number => {
    const field = record[index];
    const where = `row ${line}, column "${name}"`;
    const d = FiniteNumberFromString.decode(field);
    if (E.isLeft(d)) {
      const got = field === undefined ? 'nothing' : JSON.stringify(field);
      problems.push(`${where}: expected ${FiniteNumberFromString.name}, got ${got}`);
      return NaN;
    }
    const v = d.right;
    if (layout.dtype === 'float32' && !Number.isFinite(Math.fround(v))) {
      problems.push(`${where}: ${field ?? ''} is beyond float32's range (±${FLOAT32_MAX})`);
    } else if (label && layout.classes !== undefined && !(Number.isInteger(v) && v >= 0 && v < layout.classes)) {
      problems.push(`${where}: label ${v} is not a class in [0, ${layout.classes})`);
    }
    return v;
  };
  const x = layout.features.map((c) => read(c, false));
  const y = layout.labels.map((c) => read(c, true));
  return problems.length > 0 ? E.left(problems) : E.right({ x, y });
};

/** rowTensors(layout, rows): features [n, f] and labels [n] (one label column) or [n, k], in the layout's dtype. */
export const rowTensors = (layout: CsvLayout, rows: readonly CsvRow[]): { readonly x: Tensor; readonly y: Tensor } => {
  const options = { dtype: layout.dtype };
  const y = layout.singleLabel
    ? tensor(
        rows.map((r) => elementAt(r.y, 0)),
        options,
      )
    : tensor(
        rows.map((r) => r.y),
        options,
      );
  return {
    x: tensor(
      rows.map((r) => r.x),
      options,
    ),
    y,
  };
};
