/**
 * Reading datasets from CSV (parsed by csv-parse) and JSON texts, through io-ts codecs. Every parser returns
 * an fp-ts Either: Right(dataset), or Left(report) naming the row, the column and what was wrong, before
 * anything trains on the data. Browser-safe: `gradfold/node` reads the texts from files.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DType } from '../core/dtype.js';
import { tensor } from '../core/tensor.js';
import { JsonDataset, report, rowCodec } from './codecs.js';
import { DataError, type Dataset, type DatasetOptions, dataset } from './dataset.js';

/** Which CSV columns are features and which are labels. */
export interface CsvColumns extends DatasetOptions {
  /** The feature columns' header names, in the order of x's columns: x has shape [n, features.length]. */
  readonly features: readonly string[];
  /** One label column (labels of shape [n]) or several (shape [n, k]). */
  readonly labels: string | readonly string[];
  /** The dtype of the features and labels (default 'float64'). */
  readonly dtype?: DType;
}

/** Options of `parseJson` and `loadJson`. */
export interface JsonOptions extends DatasetOptions {
  /** The dtype of the features and labels (default 'float64'). */
  readonly dtype?: DType;
}

const attempt = <A>(f: () => A): E.Either<string, A> =>
  E.tryCatch(f, (e) => (e instanceof Error ? e.message : String(e)));

/**
 * parseCsv(text, columns): the dataset in a CSV text with a header row. Every chosen column must be in the
 * header and every field of those columns a finite number; the report names the row (as numbered in the
 * file, header = row 1) and the column of each bad field.
 * @example parseCsv('x,y\n1,2\n2,4\n', { features: ['x'], labels: 'y' })
 */
export const parseCsv = (text: string, columns: CsvColumns): E.Either<string, Dataset> => {
  const labelCols = typeof columns.labels === 'string' ? [columns.labels] : columns.labels;
  const wanted = [...columns.features, ...labelCols];
  return pipe(
    attempt(() => parse(text, { skip_empty_lines: true, trim: true })),
    E.mapLeft((m) => `CSV: ${m}`),
    E.chain(([header, ...rows]) => {
      if (header === undefined) return E.left('CSV: the file is empty');
      const missing = wanted.filter((c) => !header.includes(c));
      if (missing.length > 0) return E.left(`CSV: column(s) ${missing.map((c) => `"${c}"`).join(', ')} not in the header [${header.join(', ')}]`);
      if (rows.length === 0) return E.left('CSV: the file has a header but no rows');
      const codec = rowCodec(wanted);
      const decoded = rows.map((r, i) =>
        pipe(
          codec.decode(Object.fromEntries(wanted.map((c) => [c, r[header.indexOf(c)]]))),
          E.mapLeft((errs) => report(errs, (keys) => `row ${i + 2}, column "${keys[0] ?? '?'}"`)),
        ),
      );
      const problems = decoded.flatMap((d) => (E.isLeft(d) ? [d.left] : []));
      if (problems.length > 0) return E.left(problems.slice(0, 20).join('\n') + (problems.length > 20 ? `\n… and ${problems.length - 20} more rows` : ''));
      const records = decoded.flatMap((d) => (E.isRight(d) ? [d.right] : []));
      const opts = { dtype: columns.dtype ?? 'float64' };
      const x = tensor(records.map((r) => columns.features.map((c) => r[c] ?? NaN)), opts);
      const y = typeof columns.labels === 'string' ? tensor(records.map((r) => r[labelCols[0] ?? ''] ?? NaN), opts) : tensor(records.map((r) => labelCols.map((c) => r[c] ?? NaN)), opts);
      return build(x, y, columns);
    }),
  );
};

const build = (x: Parameters<typeof dataset>[0], y: Parameters<typeof dataset>[1], options: DatasetOptions): E.Either<string, Dataset> =>
  attempt(() => dataset(x, y, options));

/**
 * parseJson(text, options): the dataset in a JSON text of the form {"x": [[…], …], "y": [… or […], …]}; rows
 * of x must have one length, y one label (or one row of labels) per example. The report gives the path of
 * each bad value (`x[3][1]: expected a finite number, got null`).
 */
export const parseJson = (text: string, options: JsonOptions = {}): E.Either<string, Dataset> =>
  pipe(
    attempt((): unknown => JSON.parse(text)),
    E.mapLeft((m) => `JSON: ${m}`),
    E.chain((json) => pipe(JsonDataset.decode(json), E.mapLeft((errs) => report(errs, (keys) => keys.map((k, i) => (i === 0 ? k : `[${k}]`)).join(''))))),
    E.chain(({ x, y }) => {
      const width = x[0]?.length ?? 0;
      const ragged = x.findIndex((r) => r.length !== width);
      if (ragged >= 0) return E.left(`x[${ragged}] has ${x[ragged]?.length} features, x[0] has ${width}`);
      const scalarLabels = y.every((l) => typeof l === 'number');
      const labels = y.map((l) => (typeof l === 'number' ? [l] : l));
      const opts = { dtype: options.dtype ?? 'float64' };
      return build(tensor(x, opts), scalarLabels ? tensor(labels.flat(), opts) : tensor(labels, opts), options);
    }),
  );

/**
 * orThrow(either): the value inside a Right, or a DataError carrying the report of a Left. For scripts that
 * stop on bad input: every Either that gradfold returns (parsed data files, decoded optimizer configs,
 * checkpoints) unwraps with it.
 * @example
 * const data = orThrow(parseCsv('x,y\n1,2\n2,4\n', { features: ['x'], labels: 'y' }));
 */
export const orThrow = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new DataError(result.left);
  return result.right;
};
