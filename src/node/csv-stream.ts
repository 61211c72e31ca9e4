/**
 * Streaming a CSV file that need not fit in memory: an async generator of batches, each record decoded by the
 * same rules as `parseCsv` (src/data/csv-rows.ts), so both accept and refuse the same files with the same
 * messages. One pass over the file in its stored order; a file that cannot be read or a bad record stops the
 * stream with a DataError naming the path, the file line and the column.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import * as E from 'fp-ts/lib/Either.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkInteger } from '../data/arguments.js';
import {
  type CsvColumns,
  type CsvLayout,
  type CsvRow,
  checkCsvColumns,
  csvParseOptions,
  decodeRecord,
  linedRecord,
  readHeader,
  rowTensors,
} from '../data/csv-rows.js';
import { DataError } from '../data/dataset.js';
import type { Batch } from '../data/stream.js';

/** A CSV file's records as csv-parse streams them; a read error (missing file, a folder) ends the stream with it. */
const records = (path: string): AsyncIterable<unknown> => {
  const parser = parse(csvParseOptions);
  // pipeline forwards the file's errors to the parser (whose iterator then rejects with them) and closes the file
  // when the parser is destroyed, e.g. when the caller leaves the loop early.
  pipeline(createReadStream(path), parser, () => undefined);
  return parser;
};

const cause = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * csvBatches(path, columns, batchSize, epoch = 0): the file's rows in batches of `batchSize` (the last may be
 * smaller), each a Batch with features x [b, features] and labels y ([b], or [b, k] for a list of label
 * columns). Every record is checked as `parseCsv` checks it, and a file that is empty, has no rows, cannot be
 * read (missing, a folder) or holds a bad record rejects the iteration with a DataError naming the path and
 * the cause: `csvBatches: data.csv: row 7, column "y": expected a finite decimal number, got "0x10"`. Batches
 * before a bad record have already been yielded. Malformed arguments (`columns`, `batchSize`, `epoch`) throw an
 * ArgumentError at the call, before the file is opened.
 * @example
 * for await (const b of csvBatches('points.csv', { features: ['x'], labels: 'y' }, 4)) {
 *   console.log(b.index, b.x.shape); // 0 [4, 1], 1 [4, 1], …
 * }
 */
export const csvBatches = (path: string, columns: CsvColumns, batchSize: number, epoch = 0): AsyncGenerator<Batch> => {
  if (typeof path !== 'string')
    throw new ArgumentError('csvBatches', `path: expected a string, got ${describeValue(path)}`);
  checkCsvColumns('csvBatches', columns);
  checkInteger('csvBatches', 'batchSize', batchSize, 1);
  checkInteger('csvBatches', 'epoch', epoch, 0);
  return stream(path, columns, batchSize, epoch);
};

/** The batches of csvBatches, over arguments already checked. */
async function* stream(path: string, columns: CsvColumns, batchSize: number, epoch: number): AsyncGenerator<Batch> {
  const fail = (message: string, e?: unknown): DataError =>
    new DataError(`csvBatches: ${path}: ${message}`, e === undefined ? {} : { cause: e });
  let layout: CsvLayout | undefined;
  let rows: CsvRow[] = [];
  let index = 0;
  let seen = 0;
  const flush = (l: CsvLayout): Batch => {
    const batch = { ...rowTensors(l, rows), epoch, index: index++ };
    rows = [];
    return batch;
  };
  const source = records(path)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await source.next();
      } catch (e) {
        const code = e instanceof Error && 'code' in e ? e.code : undefined;
        throw typeof code === 'string' && code.startsWith('CSV_')
          ? fail(`CSV: ${cause(e)}`, e)
          : fail(`cannot read the file: ${cause(e)}`, e);
      }
      if (next.done === true) break;
      const r = linedRecord(next.value);
      if (r === undefined) throw new Error(`csvBatches: ${path}: csv-parse gave a record without its line information`);
      if (layout === undefined) {
        const header = readHeader(r.record, columns);
        if (E.isLeft(header)) throw fail(`CSV: ${header.left}`);
        layout = header.right;
        continue;
      }
      const d = decodeRecord(layout, r.record, r.line);
      if (E.isLeft(d)) throw fail(d.left.join('\n'));
      seen += 1;
      rows.push(d.right);
      if (rows.length === batchSize) yield flush(layout);
    }
  } finally {
    await source.return?.();
  }
  if (layout === undefined) throw fail('CSV: the file is empty');
  if (seen === 0) throw fail('CSV: the file has a header but no rows');
  if (rows.length > 0) yield flush(layout);
}
