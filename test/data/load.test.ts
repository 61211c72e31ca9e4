/** Loading datasets from CSV and JSON through io-ts, with reports that name the row and the column. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';

const left = <A>(r: E.Either<string, A>): string => (E.isLeft(r) ? r.left : 'no error');

describe('CSV', () => {
  const cols = { features: ['x1', 'x2'], labels: 'y' } as const;
  it('reads the chosen columns in order, whatever the header order', () => {
    const r = g.parseCsv('y,x2,x1,unused\n1,20,10,a\n0,40,30,b\n', cols);
    if (E.isLeft(r)) throw new Error(r.left);
    expect(g.toArray(r.right.x)).toEqual([
      [10, 20],
      [30, 40],
    ]);
    expect(g.toArray(r.right.y)).toEqual([1, 0]);
  });
  it('reports each bad field with its row (header = row 1) and column', () => {
    const msg = left(g.parseCsv('x1,x2,y\n1,2,3\n1,abc,0\n1,2,NaN\n,2,0\n', cols));
    expect(msg).toContain('row 3, column "x2": expected a finite decimal number, got "abc"');
    expect(msg).toContain('row 4, column "y": expected a finite decimal number, got "NaN"');
    expect(msg).toContain('row 5, column "x1": expected a finite decimal number, got ""');
  });
  it('reports missing columns, empty files, and rows of the wrong length', () => {
    expect(left(g.parseCsv('x1,y\n1,2\n', cols))).toMatch(/column\(s\) "x2" not in the header \[x1, y\]/);
    expect(left(g.parseCsv('', cols))).toMatch(/the file is empty/);
    expect(left(g.parseCsv('x1,x2,y\n', cols))).toMatch(/a header but no rows/);
    expect(left(g.parseCsv('x1,x2,y\n1,2\n', cols))).toMatch(/CSV: .*(record|column)/i);
  });
  it('checks labels against the classes', () => {
    expect(left(g.parseCsv('x1,x2,y\n1,2,5\n', { ...cols, classes: 3 }))).toBe(
      'row 2, column "y": label 5 is not a class in [0, 3)',
    );
  });
  it('loads from a file, and a missing file is a Left naming it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradfold-csv-')), 'd.csv');
    writeFileSync(path, 'x1,x2,y\n1,2,3\n');
    expect(E.isRight(gn.loadCsv(path, cols))).toBe(true);
    expect(left(gn.loadCsv(`${path}.missing`, cols))).toContain('d.csv.missing');
  });
  it('streams a file in batches with csvBatches', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradfold-csv-')), 'd.csv');
    writeFileSync(path, 'x1,x2,y\n' + Array.from({ length: 7 }, (_, i) => `${i},${2 * i},${i % 2}`).join('\n') + '\n');
    const sizes: number[] = [];
    const ys: number[] = [];
    for await (const b of gn.csvBatches(path, cols, 3)) {
      sizes.push(b.x.shape[0] ?? 0);
      ys.push(...b.y.data);
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(ys).toEqual([0, 1, 0, 1, 0, 1, 0]);
    writeFileSync(path, 'x1,x2,y\n1,2,3\n1,oops,3\n');
    await expect(async () => {
      for await (const b of gn.csvBatches(path, cols, 1)) expect(b.x.shape).toEqual([1, 2]);
    }).rejects.toThrow(/row 3, column "x2": expected a finite decimal number, got "oops"/);
  });
});

describe('JSON', () => {
  it('reads {x, y} with scalar or vector labels', () => {
    const r = g.parseJson('{"x": [[1, 2], [3, 4]], "y": [0, 1]}');
    if (E.isLeft(r)) throw new Error(r.left);
    expect(r.right.y.shape).toEqual([2]);
    const v = g.parseJson('{"x": [[1], [3]], "y": [[0, 1], [1, 0]]}');
    expect(E.isRight(v) && v.right.y.shape).toEqual([2, 2]);
  });
  it('reports the path of a bad value, ragged rows, and invalid JSON', () => {
    expect(left(g.parseJson('{"x": [[1, 2], [3, null]], "y": [0, 1]}'))).toContain(
      'x[1][1]: expected a finite number, got null',
    );
    expect(left(g.parseJson('{"x": [[1, 2], [3]], "y": [0, 1]}'))).toMatch(/x\[1\] has 1 features, x\[0\] has 2/);
    expect(left(g.parseJson('{"x": [[1, 2]'))).toMatch(/^JSON: /);
    expect(left(g.parseJson('{"x": [[1]], "y": [0, 1]}'))).toMatch(/1 feature rows .* but 2 labels/);
  });
});

describe('train/test split', () => {
  it('partitions the examples by key', () => {
    const ds = g.dataset(g.reshape(g.arange(10), [10, 1]), g.arange(10));
    const [train, test] = g.trainTestSplit(ds, g.key(4), { testFraction: 0.3 });
    expect(test.y.data.length).toBe(3);
    expect([...train.y.data, ...test.y.data].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const [, again] = g.trainTestSplit(ds, g.key(4), { testFraction: 0.3 });
    expect(Array.from(again.y.data)).toEqual(Array.from(test.y.data));
    expect(() => g.trainTestSplit(ds, g.key(4), { testFraction: 0 })).toThrow(
      'trainTestSplit: testFraction: expected a number in (0, 1), got 0',
    );
    expect(() => g.trainTestSplit(ds, g.key(4), { testFraction: 0.01 })).toThrow(
      /a test fraction of 0.01 of 10 examples leaves a part empty/,
    );
  });
});
