/**
 * Streaming a CSV file that need not fit in memory: an async generator of batches, decoded row by row through
 * the same io-ts row codec as `parseCsv`. One pass over the file in its stored order; a bad row stops the
 * stream with a DataError naming the row and the column.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import * as E from 'fp-ts/lib/Either.js';
import { tensor } from '../core/tensor.js';
import { report, rowCodec } from '../data/codecs.js';
import { DataError } from '../data/dataset.js';
import type { CsvColumns } from '../data/load.js';
import type { Batch } from '../data/stream.js';

const isRow = (r: unknown): r is readonly string[] => Array.isArray(r) && r.every((f) => typeof f === 'string');

/**
 * csvBatches(path, columns, batchSize, epoch = 0): the file's rows in batches of `batchSize` (the last may be
 * smaller), each a Batch with features x [b, features] and labels y.
 * @example
 * for await (const b of csvBatches('points.csv', { features: ['x'], labels: 'y' }, 4)) {
 *   console.log(b.index, b.x.shape); // 0 [4, 1], 1 [4, 1], …
 * }
 */
export async function* csvBatches(path: string, columns: CsvColumns, batchSize: number, epoch = 0): AsyncGenerator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DataError(`csvBatches: the batch size must be a positive integer, got ${batchSize}`);
  const labelCols = typeof columns.labels === 'string' ? [columns.labels] : columns.labels;
  const wanted = [...columns.features, ...labelCols];
  const codec = rowCodec(wanted);
  const dtype = columns.dtype ?? 'float64';
  let header: readonly string[] | undefined;
  let xs: number[][] = [];
  let ys: number[][] = [];
  let index = 0;
  let row = 1;
  const flush = (): Batch => {
    const y = typeof columns.labels === 'string' ? tensor(ys.map((r) => r[0] ?? NaN), { dtype }) : tensor(ys, { dtype });
    const batch = { x: tensor(xs, { dtype }), y, epoch, index: index++ };
    xs = [];
    ys = [];
    return batch;
  };
  for await (const record of createReadStream(path).pipe(parse({ skip_empty_lines: true, trim: true }))) {
    if (!isRow(record)) throw new DataError(`${path}: row ${row} is not a list of fields`);
    if (header === undefined) {
      header = record;
      const missing = wanted.filter((c) => !record.includes(c));
      if (missing.length > 0) throw new DataError(`${path}: column(s) ${missing.map((c) => `"${c}"`).join(', ')} not in the header [${record.join(', ')}]`);
      continue;
    }
    row += 1;
    const h = header;
    const decoded = codec.decode(Object.fromEntries(wanted.map((c) => [c, record[h.indexOf(c)]])));
    if (E.isLeft(decoded)) throw new DataError(`${path}: ${report(decoded.left, (keys) => `row ${row}, column "${keys[0] ?? '?'}"`)}`);
    xs.push(columns.features.map((c) => decoded.right[c] ?? NaN));
    ys.push(labelCols.map((c) => decoded.right[c] ?? NaN));
    if (xs.length === batchSize) yield flush();
  }
  if (xs.length > 0) yield flush();
}
