/**
 * Loading datasets from files: the file's text through `parseCsv` / `parseJson`. A missing or unreadable file
 * is a Left too, and every report starts with the file's path.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkCsvColumns } from '../data/csv-rows.js';
import type { Dataset } from '../data/dataset.js';
import { type CsvColumns, type JsonOptions, checkJsonOptions, parseCsv, parseJson } from '../data/load.js';

const checkPath = (where: string, path: unknown): void => {
  if (typeof path !== 'string')
    throw new ArgumentError(where, `path: expected a file path, got ${describeValue(path)}`);
};

const readText = (path: string): E.Either<string, string> =>
  E.tryCatch(
    () => readFileSync(path, 'utf8'),
    (e) => (e instanceof Error ? e.message : String(e)),
  );

/**
 * loadCsv(path, columns): parseCsv on a file's contents; a missing or unreadable file is a Left too (malformed
 * arguments throw an ArgumentError).
 * @example
 * const data = loadCsv('points.csv', { features: ['x'], labels: 'y' }); // Either<string, Dataset>
 */
export const loadCsv = (path: string, columns: CsvColumns): E.Either<string, Dataset> => {
  checkPath('loadCsv', path);
  checkCsvColumns('loadCsv', columns);
  return pipe(
    readText(path),
    E.chain((text) => parseCsv(text, columns)),
    E.mapLeft((m) => `${path}: ${m}`),
  );
};

/**
 * loadJson(path, options): parseJson on a file's contents; a missing or unreadable file is a Left too (malformed
 * arguments throw an ArgumentError).
 * @example
 * const data = loadJson('points.json'); // Either<string, Dataset>
 */
export const loadJson = (path: string, options: JsonOptions = {}): E.Either<string, Dataset> => {
  checkPath('loadJson', path);
  checkJsonOptions('loadJson', options);
  return pipe(
    readText(path),
    E.chain((text) => parseJson(text, options)),
    E.mapLeft((m) => `${path}: ${m}`),
  );
};
