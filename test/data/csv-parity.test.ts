/**
 * CSV: the streaming reader (csvBatches) and the whole-text parser (parseCsv, loadCsv) accept and refuse the same
 * files with the same messages (file line numbers, header = line 1); unreadable files reject the stream with a
 * DataError instead of killing the process; only decimal numerals are numbers.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';
import type { CsvColumns } from '../../src/index.ts';
import { GradfoldError } from '../../src/core/errors.ts';

const folder = mkdtempSync(join(tmpdir(), 'gradfold-csv-parity-'));
let files = 0;
const write = (text: string): string => {
  files += 1;
  const path = join(folder, `f${files}.csv`);
  writeFileSync(path, text);
  return path;
};

/** What csvBatches says about a file, without its "csvBatches: <path>: " prefix, and every label it streamed. */
const stream = async (
  path: string,
  columns: CsvColumns,
  size = 2,
): Promise<{ readonly error: string; readonly y: number[] }> => {
  const y: number[] = [];
  try {
    for await (const b of gn.csvBatches(path, columns, size)) y.push(...b.y.data);
    return { error: 'no error', y };
  } catch (e) {
    if (!(e instanceof g.DataError)) return { error: `not a DataError: ${String(e)}`, y };
    return {
      error: e.message.startsWith(`csvBatches: ${path}: `)
        ? e.message.slice(`csvBatches: ${path}: `.length)
        : `unprefixed: ${e.message}`,
      y,
    };
  }
};
const left = <A>(r: E.Either<string, A>): string => (E.isLeft(r) ? r.left : 'no error');

const cols: CsvColumns = { features: ['x'], labels: 'y' };

describe('csvBatches and parseCsv refuse the same files with the same message', () => {
  it.each<[string, string, CsvColumns, string]>([
    ['an empty file', '', cols, 'CSV: the file is empty'],
    ['a file of blank lines', '\n\n\n', cols, 'CSV: the file is empty'],
    ['a header without rows', 'x,y\n\n', cols, 'CSV: the file has a header but no rows'],
    ['a missing column', 'x,z\n1,2\n', cols, 'CSV: column(s) "y" not in the header [x, z]'],
    ['a duplicate header name', 'x,y,x\n1,2,3\n', cols, 'CSV: column "x" appears twice in the header [x, y, x]'],
    [
      'a duplicate name among unused columns',
      'x,y,n,n\n1,2,3,4\n',
      cols,
      'CSV: column "n" appears twice in the header [x, y, n, n]',
    ],
    ['hexadecimal', 'x,y\n1,2\n0x10,3\n', cols, 'row 3, column "x": expected a finite decimal number, got "0x10"'],
    ['binary', 'x,y\n0b1,2\n', cols, 'row 2, column "x": expected a finite decimal number, got "0b1"'],
    ['octal', 'x,y\n0o7,2\n', cols, 'row 2, column "x": expected a finite decimal number, got "0o7"'],
    ['a blank field', 'x,y\n,2\n', cols, 'row 2, column "x": expected a finite decimal number, got ""'],
    ['a field of spaces', 'x,y\n   ,2\n', cols, 'row 2, column "x": expected a finite decimal number, got ""'],
    ['Infinity', 'x,y\n1,Infinity\n', cols, 'row 2, column "y": expected a finite decimal number, got "Infinity"'],
    ['NaN', 'x,y\n1,NaN\n', cols, 'row 2, column "y": expected a finite decimal number, got "NaN"'],
    [
      'a decimal beyond float64',
      'x,y\n1e400,2\n',
      cols,
      'row 2, column "x": expected a finite decimal number, got "1e400"',
    ],
    [
      'a value beyond float32 with dtype float32',
      'x,y\n1,2\n-1e39,3\n',
      { ...cols, dtype: 'float32' },
      `row 3, column "x": -1e39 is beyond float32's range (±${3.4028234663852886e38})`,
    ],
    [
      'a label outside the classes',
      'x,y\n1,0\n1,3\n',
      { ...cols, classes: 3 },
      'row 3, column "y": label 3 is not a class in [0, 3)',
    ],
    [
      'a label that is not an integer',
      'x,y\n1,0.5\n',
      { ...cols, classes: 3 },
      'row 2, column "y": label 0.5 is not a class in [0, 3)',
    ],
    ['a record of the wrong length', 'x,y\n1,2\n3\n', cols, 'CSV: Invalid Record Length: expect 2, got 1 on line 3'],
    // blank lines and a field spanning two lines: row numbers are the file's line numbers
    [
      'blank lines before a bad row',
      'x,y\n\n1,2\n\n\n3,a\n',
      cols,
      'row 6, column "y": expected a finite decimal number, got "a"',
    ],
    [
      'a row after a multi-line field',
      'x,y,note\n1,2,"two\nlines"\n3,oops,n\n',
      cols,
      'row 4, column "y": expected a finite decimal number, got "oops"',
    ],
  ])('%s', async (_name, text, columns, message) => {
    expect(left(g.parseCsv(text, columns))).toBe(message);
    const path = write(text);
    expect(left(gn.loadCsv(path, columns))).toBe(`${path}: ${message}`);
    expect((await stream(path, columns)).error).toBe(message);
  });

  it('with several bad fields, the stream stops at the first bad row; parseCsv lists them all', async () => {
    const text = 'x,y\n1,2\n0x1,Infinity\n2,3\n,4\n';
    expect(left(g.parseCsv(text, cols)).split('\n')).toEqual([
      'row 3, column "x": expected a finite decimal number, got "0x1"',
      'row 3, column "y": expected a finite decimal number, got "Infinity"',
      'row 5, column "x": expected a finite decimal number, got ""',
    ]);
    const r = await stream(write(text), cols, 1);
    expect(r.error).toBe(
      'row 3, column "x": expected a finite decimal number, got "0x1"\n' +
        'row 3, column "y": expected a finite decimal number, got "Infinity"',
    );
    expect(r.y).toEqual([2]); // the batch before the bad row was yielded
  });

  it('accepts the same files, reads the same values (decimal forms, spaces, blank lines, label columns)', async () => {
    const text = 'y,x,z\n\n1, -2.5e-3 ,+3\n0,.5,5.\n\n1,1E2,-0\n';
    for (const columns of [cols, { features: ['x', 'z'], labels: ['y', 'z'] }] satisfies CsvColumns[]) {
      const whole = g.parseCsv(text, columns);
      if (E.isLeft(whole)) throw new Error(whole.left);
      const path = write(text);
      const xs: number[] = [];
      const ys: number[] = [];
      for await (const b of gn.csvBatches(path, columns, 2)) {
        xs.push(...b.x.data);
        ys.push(...b.y.data);
        expect(b.y.shape.length).toBe(whole.right.y.shape.length);
      }
      expect(xs).toEqual(Array.from(whole.right.x.data));
      expect(ys).toEqual(Array.from(whole.right.y.data));
    }
    const one = g.parseCsv(text, cols);
    expect(E.isRight(one) && Array.from(one.right.x.data)).toEqual([-2.5e-3, 0.5, 100]);
  });
});

describe('csvBatches on a file it cannot read', () => {
  it('rejects with a DataError naming the path and the cause, for a missing file and for a folder', async () => {
    const missing = join(folder, 'missing.csv');
    const dir = join(folder, 'a-folder.csv');
    mkdirSync(dir);
    for (const [path, code] of [
      [missing, 'ENOENT'],
      [dir, 'EISDIR'],
    ] as const) {
      let caught: unknown;
      try {
        for await (const b of gn.csvBatches(path, cols, 2)) expect(b).toBeUndefined();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(g.DataError);
      expect(caught).toBeInstanceOf(GradfoldError);
      expect(String(caught)).toContain(`csvBatches: ${path}: cannot read the file: ${code}`);
      expect(
        caught instanceof Error && caught.cause instanceof Error && 'code' in caught.cause && caught.cause.code,
      ).toBe(code);
    }
    // the process is still here, and a later stream works
    expect((await stream(write('x,y\n1,2\n'), cols)).y).toEqual([2]);
  });

  it('leaving the loop early is fine (the file is closed; nothing is thrown)', async () => {
    const path = write(`x,y\n${'1,2\n'.repeat(50_000)}`);
    let seen = 0;
    for await (const b of gn.csvBatches(path, cols, 10)) {
      seen += b.x.shape[0] ?? 0;
      if (seen >= 20) break;
    }
    expect(seen).toBe(20);
  });
});

describe('FiniteNumberFromString reads decimal numerals only', () => {
  it.each([
    '0x10',
    '0X1f',
    '0b1',
    '0o7',
    '',
    '  ',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    '1e400',
    '1e',
    '.',
    '--1',
    '1,5',
    'abc',
  ])('refuses %j', (s) => {
    expect(E.isLeft(g.FiniteNumberFromString.decode(s))).toBe(true);
  });
  it.each<[string, number]>([
    ['1', 1],
    ['-2.5e-3', -2.5e-3],
    ['.5', 0.5],
    ['5.', 5],
    ['+3', 3],
    [' 7 ', 7],
    ['1E2', 100],
    ['-0', -0],
    ['007', 7],
  ])('reads %j as %d', (s, v) => {
    const d = g.FiniteNumberFromString.decode(s);
    expect(E.isRight(d) && d.right).toBe(v);
  });
});
