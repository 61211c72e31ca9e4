/**
 * Reading datasets from CSV (parsed by csv-parse) and JSON texts, through io-ts codecs. Every parser returns
 * an fp-ts Either: Right(dataset), or Left(report) naming the row, the column and what was wrong, before
 * anything trains on the data. Browser-safe: `gradfold/node` reads the texts from files.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import type { Tensor } from '../core/tensor.js';
import { tensor } from '../core/tensor.js';
import { checkDType, checkInteger, checkOptions } from './arguments.js';
import { JsonDataset, report } from './codecs.js';
import {
  type CsvColumns,
  type CsvRow,
  FLOAT32_MAX,
  checkCsvColumns,
  csvParseOptions,
  decodeRecord,
  linedRecord,
  readHeader,
  rowTensors,
} from './csv-rows.js';
import { DataError, type Dataset, type DatasetOptions, dataset } from './dataset.js';

export type { CsvColumns } from './csv-rows.js';

/** Options of `parseJson` and `loadJson`. */
export interface JsonOptions extends DatasetOptions {
  /** The dtype of the features and labels (default 'float64'); with 'float32', a value beyond its range is refused. */
  readonly dtype?: DType;
}

const jsonKeys: KeySet<JsonOptions> = { dtype: true, classes: true };

/**
 * checkJsonOptions(where, options): known keys, a valid dtype, classes a positive integer; else an ArgumentError
 * (DTypeError).
 */
export const checkJsonOptions = (where: string, options: JsonOptions): void => {
  checkOptions(where, options, jsonKeys);
  checkDType(where, 'options.dtype', options.dtype);
  if (options.classes !== undefined) checkInteger(where, 'options.classes', options.classes, 1);
};

const attempt = <A>(f: () => A): E.Either<string, A> =>
  E.tryCatch(f, (e) => (e instanceof Error ? e.message : String(e)));

const checkText = (where: string, text: unknown): void => {
  if (typeof text !== 'string') throw new ArgumentError(where, `text: expected a string, got ${describeValue(text)}`);
};

/** At most 20 reports, and how many more there were. */
const firstProblems = (problems: readonly string[]): string =>
  problems.slice(0, 20).join('\n') + (problems.length > 20 ? `\n… and ${problems.length - 20} more` : '');

/**
 * parseCsv(text, columns): the dataset in a CSV text with a header row (blank lines skipped, fields trimmed).
 * Refused with a Left: an empty text, a header without rows, a name twice in the header, a chosen column not in
 * it, records of another length, and fields that are not finite decimal numbers (hexadecimal, "Infinity" and
 * blanks included), beyond float32's range (dtype float32) or, with `classes`, labels that are not classes.
 * Each report names the file line (header = line 1) and the column. A malformed `columns` throws an ArgumentError.
 * @example parseCsv('x,y\n1,2\n2,4\n', { features: ['x'], labels: 'y' })
 */
export const parseCsv = (text: string, columns: CsvColumns): E.Either<string, Dataset> => {
  checkText('parseCsv', text);
  checkCsvColumns('parseCsv', columns);
  return pipe(
    attempt((): readonly unknown[] => parse(text, csvParseOptions)),
    E.mapLeft((m) => `CSV: ${m}`),
    E.chain((records) => {
      const [first, ...rest] = records.map(linedRecord);
      if (first === undefined) return E.left('CSV: the file is empty');
      return pipe(
        readHeader(first.record, columns),
        E.mapLeft((m) => `CSV: ${m}`),
        E.chain((layout) => {
          if (rest.length === 0) return E.left('CSV: the file has a header but no rows');
          const rows: CsvRow[] = [];
          const problems: string[] = [];
          for (const r of rest) {
            if (r === undefined) continue;
            const d = decodeRecord(layout, r.record, r.line);
            if (E.isLeft(d)) problems.push(...d.left);
            else rows.push(d.right);
          }
          if (problems.length > 0) return E.left(firstProblems(problems));
          const { x, y } = rowTensors(layout, rows);
          return build(x, y, columns);
        }),
      );
    }),
  );
};

const build = (x: Tensor, y: Tensor, options: DatasetOptions): E.Either<string, Dataset> =>
  attempt(() => dataset(x, y, options.classes === undefined ? {} : { classes: options.classes }));

/** The paths of values beyond float32's range in x and y (`x[3][1]: 1e+39 is beyond float32's range`). */
const float32Overflows = (x: readonly (readonly number[])[], y: readonly (number | readonly number[])[]): string[] => {
  const out: string[] = [];
  const check = (v: number, path: string): void => {
    if (!Number.isFinite(Math.fround(v))) out.push(`${path}: ${v} is beyond float32's range (±${FLOAT32_MAX})`);
  };
  x.forEach((row, i) => row.forEach((v, j) => check(v, `x[${i}][${j}]`)));
  y.forEach((l, i) => (typeof l === 'number' ? check(l, `y[${i}]`) : l.forEach((v, j) => check(v, `y[${i}][${j}]`))));
  return out;
};

const describeLabel = (l: number | readonly number[] | undefined): string =>
  l === undefined || typeof l === 'number' ? 'one number' : `a row of ${l.length} numbers`;

/**
 * parseJson(text, options): the dataset in a JSON text of the form {"x": [[…], …], "y": [… or […], …]}; rows
 * of x must have one length, y one label (or one row of labels) per example, every value a finite number (and
 * within float32's range when the dtype is float32). The report gives the path of each bad value
 * (`x[3][1]: expected a finite number, got null`). Malformed options throw an ArgumentError.
 */
export const parseJson = (text: string, options: JsonOptions = {}): E.Either<string, Dataset> => {
  checkText('parseJson', text);
  checkJsonOptions('parseJson', options);
  return pipe(
    attempt((): unknown => JSON.parse(text)),
    E.mapLeft((m) => `JSON: ${m}`),
    E.chain((json) =>
      pipe(
        JsonDataset.decode(json),
        E.mapLeft((errs) => report(errs, (keys) => keys.map((k, i) => (i === 0 ? k : `[${k}]`)).join(''))),
      ),
    ),
    E.chain(({ x, y }) => {
      const width = x[0]?.length ?? 0;
      const ragged = x.findIndex((r) => r.length !== width);
      if (ragged >= 0) return E.left(`x[${ragged}] has ${x[ragged]?.length} features, x[0] has ${width}`);
      if (x.length > 0 && width === 0) return E.left('x[0] has no features');
      const labelWidth = (l: number | readonly number[]): number => (typeof l === 'number' ? -1 : l.length);
      const raggedY = y.findIndex((l) => labelWidth(l) !== labelWidth(y[0] ?? 0));
      if (raggedY >= 0) return E.left(`y[${raggedY}] is ${describeLabel(y[raggedY])}, y[0] is ${describeLabel(y[0])}`);
      const dtype = options.dtype ?? 'float64';
      const overflows = dtype === 'float32' ? float32Overflows(x, y) : [];
      if (overflows.length > 0) return E.left(firstProblems(overflows));
      const scalarLabels = y.every((l) => typeof l === 'number');
      const labels = y.map((l) => (typeof l === 'number' ? [l] : l));
      return build(
        tensor(x, { dtype }),
        scalarLabels ? tensor(labels.flat(), { dtype }) : tensor(labels, { dtype }),
        options,
      );
    }),
  );
};

/**
 * orThrow(either): the value inside a Right, or a DataError carrying the report of a Left. For scripts that
 * stop on bad input: every Either that gradfold returns (parsed data files, decoded optimizer configs,
 * checkpoints) unwraps with it.
 * @example
 * const data = orThrow(parseCsv('x,y\n1,2\n2,4\n', { features: ['x'], labels: 'y' }));
 */
export const orThrow = <A>(result: E.Either<string, A>): A => {
  const tag: unknown = typeof result === 'object' && result !== null && '_tag' in result ? result._tag : undefined;
  if (tag !== 'Left' && tag !== 'Right')
    throw new ArgumentError('orThrow', `expected an Either (a Left or a Right), got ${describeValue(result)}`);
  if (E.isLeft(result)) throw new DataError(result.left);
  return result.right;
};
