/**
 * Issue 12: the data and training functions refuse arguments of the wrong kind and option keys they do not
 * know, before doing anything, with a gradfold error naming the function, the argument and the value (never an
 * engine message such as "Cannot read properties of undefined").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';
import { ArgumentError, DTypeError, GradfoldError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import type { Tensor } from '../../src/index.ts';
import { loose } from '../untyped.ts';

/** A thunk calling `f` as a JavaScript caller would (no type checker): any arguments. */
const js =
  (f: (...args: never[]) => unknown, ...args: unknown[]): (() => unknown) =>
  () =>
    loose(f)(...args);

/** Whether v can be spread (a generator, an array...). */
const isIterable = (v: unknown): v is Iterable<unknown> => typeof v === 'object' && v !== null && Symbol.iterator in v;

/** Calls `f` as a JavaScript caller would and drains what it returns, so that checks made on the first pull run. */
const drained =
  (f: (...args: never[]) => unknown, ...args: unknown[]): (() => unknown[]) =>
  () => {
    const out = loose(f)(...args);
    if (!isIterable(out)) throw new Error(`not iterable: ${String(out)}`);
    return [...out];
  };

/** The error `go` throws (synchronously), or undefined. */
const thrown = (go: () => unknown): unknown => {
  try {
    go();
  } catch (e) {
    return e;
  }
  return undefined;
};

const ds = g.dataset(g.tensor([[1], [2], [3], [4]]), g.tensor([0, 1, 0, 1]));
const loss = (p: { w: Tensor }, b: g.Batch) => g.mse(g.mul(g.squeeze(b.x, { axis: [1] }), p.w), b.y);
const fitOptions = { loss, params: { w: 0 }, optimizer: g.sgd({ lr: 0.1 }), data: ds, epochs: 1, batchSize: 2 };
const cols = { features: ['x'], labels: 'y' };
const csvPath = join(mkdtempSync(join(tmpdir(), 'gradfold-args-')), 'd.csv');
writeFileSync(csvPath, 'x,y\n1,2\n');

type Row = readonly [string, () => unknown, new (...args: never[]) => Error, string];

const rows: readonly Row[] = [
  // datasets
  [
    'dataset: x not a tensor',
    js(g.dataset, [[1], [2]], g.tensor([1, 2])),
    ArgumentError,
    'dataset: x: expected a tensor, got an array of length 2',
  ],
  [
    'dataset: y undefined',
    js(g.dataset, g.tensor([[1]]), undefined),
    ArgumentError,
    'dataset: y: expected a tensor, got undefined',
  ],
  [
    'dataset: options not an object',
    js(g.dataset, g.tensor([[1]]), g.tensor([1]), 3),
    ArgumentError,
    'dataset: options: expected an object, got 3',
  ],
  [
    'dataset: unknown option',
    js(g.dataset, g.tensor([[1]]), g.tensor([1]), { clases: 2 }),
    ArgumentError,
    'dataset: unknown option "clases" (did you mean "classes"?)',
  ],
  [
    'dataset: classes not a positive integer',
    js(g.dataset, g.tensor([[1]]), g.tensor([0]), { classes: 2.5 }),
    ArgumentError,
    'dataset: classes: expected a positive integer, got 2.5',
  ],
  [
    'trainTestSplit: unknown option',
    js(g.trainTestSplit, ds, g.key(0), { testFrac: 0.5 }),
    ArgumentError,
    'trainTestSplit: unknown option "testFrac" (valid options: testFraction)',
  ],
  [
    'trainTestSplit: a string fraction',
    js(g.trainTestSplit, ds, g.key(0), { testFraction: '0.5' }),
    ArgumentError,
    'trainTestSplit: testFraction: expected a number in (0, 1), got "0.5"',
  ],
  [
    'trainTestSplit: not a key',
    js(g.trainTestSplit, ds, 42),
    ArgumentError,
    'trainTestSplit: key: expected a key (key(seed), split(…), foldIn(…)), got 42',
  ],
  [
    'trainTestSplit: not a dataset',
    js(g.trainTestSplit, g.tensor([1]), g.key(0)),
    ArgumentError,
    'trainTestSplit: ds.x: expected a tensor, got undefined',
  ],
  [
    'datasetSize: not a dataset',
    js(g.datasetSize, null),
    ArgumentError,
    'datasetSize: ds: expected a dataset {x, y}, got null',
  ],
  [
    'takeRows: rows an array',
    js(g.takeRows, ds, [0, 1]),
    ArgumentError,
    'takeRows: rows: expected an Int32Array of row indices, got an array of length 2',
  ],
  [
    'takeRows: a row out of range',
    js(g.takeRows, ds, Int32Array.from([0, 4])),
    ArgumentError,
    'takeRows: rows[1]: 4 is not a row of a dataset of 4 examples',
  ],
  [
    'orThrow: not an Either',
    js(g.orThrow, undefined),
    ArgumentError,
    'orThrow: expected an Either (a Left or a Right), got undefined',
  ],
  // streams
  [
    'batchesPerEpoch: size 0',
    js(g.batchesPerEpoch, 10, 0, false),
    ArgumentError,
    'batchesPerEpoch: size: expected a positive integer, got 0',
  ],
  [
    'shuffle(key)(source): not epochs',
    drained(g.shuffle(g.key(0)), [1, 2]),
    ArgumentError,
    'shuffle: expected an epoch {epoch, data, order} (as epochs(n)(ds) makes), got 1',
  ],
  [
    'batches(size)(source): not iterable',
    drained(g.batches(2), 5),
    ArgumentError,
    'batches: expected epochs (e.g. epochs(n)(ds)), got 5',
  ],
  ['epochs: a fraction', js(g.epochs, 1.5), ArgumentError, 'epochs: n: expected a non-negative integer, got 1.5'],
  ['epochs: a string', js(g.epochs, '3'), ArgumentError, 'epochs: n: expected a non-negative integer, got "3"'],
  [
    'epochs: from negative',
    js(g.epochs, 3, -1),
    ArgumentError,
    'epochs: from: expected a non-negative integer, got -1',
  ],
  [
    'epochs(n)(ds): not a dataset',
    drained(g.epochs(1), { x: [1] }),
    ArgumentError,
    'epochs: data.x: expected a tensor, got an array of length 1',
  ],
  [
    'shuffle: not a key',
    js(g.shuffle, 'seed'),
    ArgumentError,
    'shuffle: key: expected a key (key(seed), split(…), foldIn(…)), got "seed"',
  ],
  [
    'batches: size 0',
    js(g.batches, 0),
    ArgumentError,
    "batches: batchSize: expected a positive integer, 'full' or 'stochastic', got 0",
  ],
  [
    'batches: size a string',
    js(g.batches, '4'),
    ArgumentError,
    "batches: batchSize: expected a positive integer, 'full' or 'stochastic', got \"4\"",
  ],
  [
    'batches: size "all"',
    js(g.batches, 'all'),
    ArgumentError,
    "batches: batchSize: expected a positive integer, 'full' or 'stochastic', got \"all\"",
  ],
  [
    'batches: unknown option',
    js(g.batches, 2, { droplast: true }),
    ArgumentError,
    'batches: unknown option "droplast" (did you mean "dropLast"?)',
  ],
  [
    'batches: dropLast not a boolean',
    js(g.batches, 2, { dropLast: 'yes' }),
    ArgumentError,
    'batches: dropLast: expected true or false, got "yes"',
  ],
  [
    'batchStream: unknown option',
    js(g.batchStream, ds, { batchSize: 2, epochs: 1, shufle: true }),
    ArgumentError,
    'batchStream: unknown option "shufle"',
  ],
  [
    'batchStream: epochs missing',
    js(g.batchStream, ds, { batchSize: 2 }),
    ArgumentError,
    'batchStream: epochs: expected a non-negative integer, got undefined',
  ],
  [
    'batchStream: a fractional batch size',
    js(g.batchStream, ds, { batchSize: 1.5, epochs: 1 }),
    ArgumentError,
    "batchStream: batchSize: expected a positive integer, 'full' or 'stochastic', got 1.5",
  ],
  [
    'batchStream: fromBatch negative',
    js(g.batchStream, ds, { batchSize: 2, epochs: 1, fromBatch: -1 }),
    ArgumentError,
    'batchStream: fromBatch: expected a non-negative integer, got -1',
  ],
  [
    'batchStream: options missing',
    js(g.batchStream, ds),
    ArgumentError,
    'batchStream: options: expected {batchSize, epochs, …}, got undefined',
  ],
  [
    'batchStream: x and y of different lengths',
    js(g.batchStream, { x: g.zeros([3, 1]), y: g.zeros([2]) }, { batchSize: 1, epochs: 1 }),
    ShapeError,
    'batchStream: data.x of shape [3,1] and data.y of shape [2] do not share an example axis',
  ],
  // files and texts
  [
    'parseCsv: text not a string',
    js(g.parseCsv, undefined, cols),
    ArgumentError,
    'parseCsv: text: expected a string, got undefined',
  ],
  [
    'parseCsv: columns missing',
    js(g.parseCsv, 'x,y\n1,2\n'),
    ArgumentError,
    'parseCsv: columns: expected {features, labels, dtype?, classes?}, got undefined',
  ],
  [
    'parseCsv: unknown column option',
    js(g.parseCsv, 'x,y\n1,2\n', { ...cols, label: 'y' }),
    ArgumentError,
    'parseCsv: columns: unknown option "label" (did you mean "labels"?)',
  ],
  [
    'parseCsv: features a string',
    js(g.parseCsv, 'x,y\n1,2\n', { features: 'x', labels: 'y' }),
    ArgumentError,
    'parseCsv: columns.features: expected a non-empty list of column names, got "x"',
  ],
  [
    'parseCsv: no labels',
    js(g.parseCsv, 'x,y\n1,2\n', { features: ['x'], labels: [] }),
    ArgumentError,
    'parseCsv: columns.labels: expected a column name or a non-empty list of them, got []',
  ],
  [
    'parseCsv: an unknown dtype',
    js(g.parseCsv, 'x,y\n1,2\n', { ...cols, dtype: 'int32' }),
    DTypeError,
    "parseCsv: columns.dtype: expected 'float64' or 'float32', got \"int32\"",
  ],
  [
    'parseJson: unknown option',
    js(g.parseJson, '{}', { dtyp: 'float32' }),
    ArgumentError,
    'parseJson: unknown option "dtyp" (did you mean "dtype"?)',
  ],
  [
    'parseJson: an unknown dtype',
    js(g.parseJson, '{}', { dtype: 'float16' }),
    DTypeError,
    "parseJson: options.dtype: expected 'float64' or 'float32', got \"float16\"",
  ],
  [
    'loadCsv: unknown column option',
    js(gn.loadCsv, csvPath, { ...cols, clases: 2 }),
    ArgumentError,
    'loadCsv: columns: unknown option "clases" (did you mean "classes"?)',
  ],
  ['loadCsv: path not a string', js(gn.loadCsv, 3, cols), ArgumentError, 'loadCsv: path: expected a file path, got 3'],
  [
    'loadJson: unknown option',
    js(gn.loadJson, csvPath, { classes: 2, dtype: 'float64', extra: 1 }),
    ArgumentError,
    'loadJson: unknown option "extra"',
  ],
  [
    'csvBatches: unknown column option',
    js(gn.csvBatches, csvPath, { ...cols, dtyp: 'float32' }, 2),
    ArgumentError,
    'csvBatches: columns: unknown option "dtyp" (did you mean "dtype"?)',
  ],
  // training
  [
    'fit: options missing',
    js(g.fit),
    ArgumentError,
    'fit: options: expected {loss, params, optimizer, data, epochs, batchSize, …}, got undefined',
  ],
  [
    'fit: loss not a function',
    js(g.fit, { ...fitOptions, loss: 'mse' }),
    ArgumentError,
    'fit: loss: expected a function, got "mse"',
  ],
  [
    'fit: not an optimizer',
    js(g.fit, { ...fitOptions, optimizer: { lr: 0.1 } }),
    ArgumentError,
    'fit: optimizer: expected an optimizer ({init, update}, e.g. sgd({ lr: 0.1 })), got an object with keys lr',
  ],
  [
    'fit: data not a dataset',
    js(g.fit, { ...fitOptions, data: [[1, 2]] }),
    ArgumentError,
    'fit: data: expected a dataset {x, y}, got an array of length 1',
  ],
  [
    'fit: x not a tensor',
    js(g.fit, { ...fitOptions, data: { x: [[1]], y: g.tensor([1]) } }),
    ArgumentError,
    'dataset: x: expected a tensor, got an array of length 1',
  ],
  [
    'fit: epochs a string',
    js(g.fit, { ...fitOptions, epochs: '10' }),
    ArgumentError,
    'fit: epochs: expected a non-negative integer, got "10"',
  ],
  [
    'fit: epochs a fraction',
    js(g.fit, { ...fitOptions, epochs: 2.5 }),
    ArgumentError,
    'fit: epochs: expected a non-negative integer, got 2.5',
  ],
  [
    'fit: batch size "all"',
    js(g.fit, { ...fitOptions, batchSize: 'all' }),
    ArgumentError,
    "fit: batchSize: expected a positive integer, 'full' or 'stochastic', got \"all\"",
  ],
  [
    'fit: batch size NaN',
    js(g.fit, { ...fitOptions, batchSize: NaN }),
    ArgumentError,
    "fit: batchSize: expected a positive integer, 'full' or 'stochastic', got NaN",
  ],
  [
    'fit: a key that is a seed',
    js(g.fit, { ...fitOptions, key: 42 }),
    ArgumentError,
    'fit: key: expected a key (key(seed), split(…), foldIn(…)), got 42',
  ],
  [
    'fit: shuffle a string',
    js(g.fit, { ...fitOptions, shuffle: 'no' }),
    ArgumentError,
    'fit: shuffle: expected true or false, got "no"',
  ],
  [
    'fit: onStep not a function',
    js(g.fit, { ...fitOptions, onStep: true }),
    ArgumentError,
    'fit: onStep: expected a function, got true',
  ],
  [
    'fit: resume without a carry',
    js(g.fit, { ...fitOptions, resume: { history: g.emptyHistory } }),
    ArgumentError,
    'fit: resume: expected {carry, history} (e.g. a decoded checkpoint), got an object with keys history',
  ],
  [
    'fit: resume with a history that is not one',
    js(g.fit, {
      ...fitOptions,
      resume: { carry: g.initCarry({ w: 0 }, g.sgd({ lr: 0.1 }), g.key(0)), history: { stepLoss: [] } },
    }),
    ArgumentError,
    'fit: resume: history.gradNorm: expected an array of numbers, got undefined',
  ],
  [
    'fit: earlyStop not an object',
    js(g.fit, { ...fitOptions, earlyStop: 5 }),
    ArgumentError,
    'fit: earlyStop: expected an object, got 5',
  ],
  [
    'fit: earlyStop.patience 0',
    js(g.fit, { ...fitOptions, earlyStop: { patience: 0 } }),
    ArgumentError,
    'fit: earlyStop: patience: expected a positive integer, got 0',
  ],
  [
    'fit: earlyStop.lossBelow a string',
    js(g.fit, { ...fitOptions, earlyStop: { lossBelow: '1e-5' } }),
    ArgumentError,
    'fit: earlyStop: lossBelow: expected a number ≥ 0, got "1e-5"',
  ],
  [
    'fit: earlyStop.on',
    js(g.fit, { ...fitOptions, earlyStop: { lossBelow: 1, on: 'batch' } }),
    ArgumentError,
    "fit: earlyStop: on: expected 'step' or 'epoch', got \"batch\"",
  ],
  [
    'fitSteps: checked when called, not at the first step',
    js(g.fitSteps, { ...fitOptions, epochs: -1 }),
    ArgumentError,
    'fitSteps: epochs: expected a non-negative integer, got -1',
  ],
  [
    'initCarry: not an optimizer',
    js(g.initCarry, { w: 0 }, { lr: 0.1 }, g.key(0)),
    ArgumentError,
    'initCarry: optimizer: expected an optimizer ({init, update}, e.g. sgd({ lr: 0.1 })), got an object with keys lr',
  ],
  [
    'initCarry: a seed for a key',
    js(g.initCarry, { w: 0 }, g.sgd({ lr: 0.1 }), 0),
    ArgumentError,
    'initCarry: key: expected a key (key(seed), split(…), foldIn(…)), got 0',
  ],
  [
    'trainStep: loss not a function',
    js(g.trainStep, undefined, g.sgd({ lr: 0.1 })),
    ArgumentError,
    'trainStep: loss: expected a function, got undefined',
  ],
  [
    'trainStep(…)(carry, batch): no carry',
    js(g.trainStep(loss, g.sgd({ lr: 0.1 })), undefined, { ...ds, epoch: 0, index: 0 }),
    ArgumentError,
    'trainStep: carry: expected a carry (initCarry(…)), got undefined',
  ],
  [
    'encodeCheckpoint: not a checkpoint',
    js(g.encodeCheckpoint, g.initCarry({ w: 0 }, g.sgd({ lr: 0.1 }), g.key(0))),
    ArgumentError,
    'encodeCheckpoint: checkpoint: expected {carry, history}, ' +
      'got an object with keys params, optState, key, step, epoch, …',
  ],
  [
    'encodeCheckpoint: a history that is not one',
    js(g.encodeCheckpoint, { carry: g.initCarry({ w: 0 }, g.sgd({ lr: 0.1 }), g.key(0)), history: [] }),
    ArgumentError,
    'encodeCheckpoint: history.stepLoss: expected an array of numbers, got undefined',
  ],
  [
    'accuracy: predict not a function',
    js(g.accuracy, 'argmax', ds),
    ArgumentError,
    'accuracy: predict: expected a function, got "argmax"',
  ],
  [
    'meanLoss: unknown option',
    js(g.meanLoss, () => 0, ds, { batch: 2 }),
    ArgumentError,
    'meanLoss: unknown option "batch"',
  ],
  [
    'ewma: series not numbers',
    js(g.ewma, ['1', '2']),
    ArgumentError,
    'ewma: series: expected an array of numbers, got an array of length 2',
  ],
  ['ewma: unknown option', js(g.ewma, [1], 0.9, { bias: true }), ArgumentError, 'ewma: unknown option "bias"'],
  [
    'progressBar: unknown option',
    js(gn.progressBar, { shw: true }),
    ArgumentError,
    'progressBar: unknown option "shw" (did you mean "show"?)',
  ],
  [
    'progressBar: show a string',
    js(gn.progressBar, { show: 'yes' }),
    ArgumentError,
    'progressBar: show: expected true, false or \'auto\', got "yes"',
  ],
];

describe('arguments of the wrong kind and unknown options are refused at once', () => {
  it.each(rows)('%s', (_name, go, kind, message) => {
    const e = thrown(go);
    expect(e).toBeInstanceOf(GradfoldError);
    expect(e).toBeInstanceOf(kind);
    expect(e instanceof Error ? e.message : String(e)).toContain(message);
  });

  it('csvBatches refuses its arguments when called, before opening the file (inside for await too)', async () => {
    const refusal = async (...args: unknown[]): Promise<unknown> => {
      try {
        for await (const b of Reflect.apply(gn.csvBatches, undefined, args)) expect(b).toBeUndefined();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const missing = join(tmpdir(), 'no-such-dir-gradfold', 'x.csv');
    expect(String(await refusal(missing, cols, 0))).toBe(
      'ArgumentError: csvBatches: batchSize: expected a positive integer, got 0',
    );
    expect(String(await refusal(missing, cols, 2, -1))).toBe(
      'ArgumentError: csvBatches: epoch: expected a non-negative integer, got -1',
    );
    expect(String(await refusal(undefined, cols, 2))).toBe(
      'ArgumentError: csvBatches: path: expected a string, got undefined',
    );
  });

  it('writeReport rejects arguments of the wrong kind before writing anything', async () => {
    const rejection = async (...args: unknown[]): Promise<string> => {
      try {
        await Reflect.apply(gn.writeReport, undefined, args);
      } catch (e) {
        return e instanceof ArgumentError ? e.message : `not an ArgumentError: ${String(e)}`;
      }
      return 'no error';
    };
    const dir = join(tmpdir(), `gradfold-args-report-${process.pid}`);
    expect(await rejection([1])).toBe('writeReport: dir: expected a folder path, got an array of length 1');
    expect(await rejection(dir)).toBe('writeReport: report: expected {title, charts, summary?}, got undefined');
    expect(await rejection(dir, { title: 'R', charts: 3 })).toBe(
      'writeReport: report.charts: expected an array of charts, got 3',
    );
    expect(await rejection(dir, { title: 'R', charts: [{ name: 'a' }] })).toBe(
      'writeReport: report.charts[0]: expected a chart {name, title, spec} (e.g. lossCurve(…)), ' +
        'got an object with keys name',
    );
    expect(await rejection(dir, { title: 'R', charts: [], sumary: 'x' })).toBe(
      'writeReport: report: unknown option "sumary" (did you mean "summary"?)',
    );
  });
});
