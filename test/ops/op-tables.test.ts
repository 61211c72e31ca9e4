/**
 * The op tables (src/core/kernels/binary.ts, unary.ts) and what is derived from them: each op's array loop
 * computes its scalar function at every element (special values, both dtypes, broadcast plans), hand-computed
 * values of the rules that matter (NaN through maximum, mulNoNan's zeros, signs of zero), and the jit's inline
 * forms (src/jit/inline.ts) evaluate to the scalar's bits or are not used.
 */
import { describe, expect, it } from 'vitest';
import { type BinaryName, binaryOps, broadcastPlan } from '../../src/core/kernels/binary.ts';
import { type UnaryName, unaryOps } from '../../src/core/kernels/unary.ts';
import { inlineForm } from '../../src/jit/inline.ts';
import { jit } from '../../src/jit/index.ts';
import { add, maximum, mul, scalar, tanh, type Tensor } from '../../src/index.ts';

/** Values where ops differ in their rules: signed zeros, ±1, fractions, ±∞, NaN, subnormals, the largest. */
const specials = [0, -0, 1, -1, 0.5, -2.5, 3, Infinity, -Infinity, NaN, 5e-324, -1e-310, 1.7976931348623157e308];
const pairs = specials.flatMap((x) => specials.map((y) => [x, y] as const));

/** Bits of a number (NaN as one value, −0 apart from +0). */
const bitsOf = (v: number): string => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v));

const binaryNames = Object.keys(binaryOps).filter((k): k is BinaryName => Object.hasOwn(binaryOps, k));
const unaryNames = Object.keys(unaryOps).filter((k): k is UnaryName => Object.hasOwn(unaryOps, k));

describe('op tables: each array loop computes its scalar function at every element', () => {
  it.each(binaryNames)('%s (float64 and float32, every pair of special values)', (name) => {
    const { scalar: f, kernel } = binaryOps[name];
    const a = Float64Array.from(pairs, ([x]) => x);
    const b = Float64Array.from(pairs, ([, y]) => y);
    const out = new Float64Array(pairs.length);
    kernel(a, b, out, broadcastPlan([pairs.length], [pairs.length], [pairs.length]));
    expect(Array.from(out, bitsOf)).toEqual(pairs.map(([x, y]) => bitsOf(f(x, y))));
    const a32 = Float32Array.from(a);
    const b32 = Float32Array.from(b);
    const out32 = new Float32Array(pairs.length);
    kernel(a32, b32, out32, broadcastPlan([pairs.length], [pairs.length], [pairs.length]));
    const want32 = pairs.map((_, i) => bitsOf(Math.fround(f(a32[i] ?? NaN, b32[i] ?? NaN))));
    expect(Array.from(out32, bitsOf)).toEqual(want32);
  });

  it.each(unaryNames)('%s (float64 and float32, every special value)', (name) => {
    const { scalar: f, kernel } = unaryOps[name];
    const x = Float64Array.from(specials);
    const out = new Float64Array(specials.length);
    kernel(x, out);
    expect(Array.from(out, bitsOf)).toEqual(specials.map((v) => bitsOf(f(v))));
    const x32 = Float32Array.from(specials);
    const out32 = new Float32Array(specials.length);
    kernel(x32, out32);
    expect(Array.from(out32, bitsOf)).toEqual(Array.from(x32, (v) => bitsOf(Math.fround(f(v)))));
  });

  it('along broadcast plans: out[i, j] = f(a[i, j or 0], b[i or 0, j])', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // [2, 3]
    const row = Float64Array.from([10, 20, 30]); // [3]
    const col = Float64Array.from([100, 200]); // [2, 1]
    const out = new Float64Array(6);
    binaryOps.sub.kernel(a, row, out, broadcastPlan([2, 3], [3], [2, 3]));
    expect(Array.from(out)).toEqual([-9, -18, -27, -6, -15, -24]);
    binaryOps.add.kernel(col, row, out, broadcastPlan([2, 1], [3], [2, 3]));
    expect(Array.from(out)).toEqual([110, 120, 130, 210, 220, 230]);
    binaryOps.maximum.kernel(row, Float64Array.from([15, NaN]), out, broadcastPlan([3], [2, 1], [2, 3]));
    expect(Array.from(out, bitsOf)).toEqual(['15', '20', '30', 'NaN', 'NaN', 'NaN']);
  });
});

describe('op tables: hand-computed values of the rules', () => {
  const b = (name: BinaryName, x: number, y: number): string => bitsOf(binaryOps[name].scalar(x, y));
  const u = (name: UnaryName, x: number): string => bitsOf(unaryOps[name].scalar(x));

  it('maximum and minimum propagate NaN from either side; ties return the second operand', () => {
    expect([b('maximum', NaN, 1), b('maximum', 1, NaN), b('minimum', NaN, 1), b('minimum', 1, NaN)]).toEqual([
      'NaN',
      'NaN',
      'NaN',
      'NaN',
    ]);
    expect([b('maximum', 2, -3), b('minimum', 2, -3), b('maximum', 0, -0), b('minimum', -0, 0)]).toEqual([
      '2',
      '-3',
      '-0',
      '0',
    ]);
  });

  it('mulNoNan is 0 where either factor is 0, even against ∞ and NaN', () => {
    expect([
      b('mulNoNan', 0, Infinity),
      b('mulNoNan', NaN, 0),
      b('mulNoNan', 2, 3),
      b('mulNoNan', Infinity, 2),
    ]).toEqual(['0', '0', '6', 'Infinity']);
  });

  it('comparisons are 0 against NaN (notEqual 1); sign and relu keep signed zeros and NaN as stated', () => {
    expect([b('greater', NaN, 1), b('lessEqual', 1, NaN), b('equal', NaN, NaN), b('notEqual', NaN, NaN)]).toEqual([
      '0',
      '0',
      '0',
      '1',
    ]);
    expect([u('sign', -0), u('sign', NaN), u('sign', -7), u('relu', -0), u('relu', NaN), u('relu', 2)]).toEqual([
      '-0',
      'NaN',
      '-1',
      '0',
      'NaN',
      '2',
    ]);
    expect([u('softplus', 800), u('softplus', -800), u('sigmoid', -800), u('sigmoid', 800)]).toEqual([
      '800',
      '0',
      '0',
      '1',
    ]);
    expect([u('isFinite', Infinity), u('isFinite', 3), u('isNaN', NaN), u('positive', -0)]).toEqual([
      '0',
      '1',
      '1',
      '0',
    ]);
  });
});

describe('jit inline forms: read from the scalar functions, evaluated to their bits, or not used', () => {
  /** The form of f as a function of two numbers (new Function: the form is program text). */
  const compiled = (f: (x: number, y: number) => number): ((x: number, y: number) => number) | undefined => {
    const form = inlineForm(f)?.(['x', 'y']);
    if (form === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the form is program text: run it as jit runs it
    const g: unknown = new Function('x', 'y', `return ${form};`);
    return typeof g === 'function'
      ? (x: number, y: number): number => Number(Reflect.apply(g, undefined, [x, y]))
      : undefined;
  };

  it('every op that has a form gives its scalar function’s bits on every pair of special values', () => {
    const ops = [
      ...binaryNames.map((n) => [n, binaryOps[n].scalar] as const),
      ...unaryNames.map((n) => [n, unaryOps[n].scalar] as const),
    ];
    for (const [name, f] of ops) {
      const g = compiled(f);
      if (g === undefined) continue;
      expect(
        pairs.map(([x, y]) => bitsOf(g(x, y))),
        name,
      ).toEqual(pairs.map(([x, y]) => bitsOf(f(x, y))));
    }
  });

  it('the arithmetic ops and Math functions are inlined (what jitted scalar programs spend their time on)', () => {
    const inlined = ['add', 'sub', 'mul', 'div', 'pow', 'mulNoNan', 'maximum', 'minimum', 'greater', 'less'] as const;
    for (const name of inlined) expect(inlineForm(binaryOps[name].scalar), name).toBeDefined();
    for (const name of ['neg', 'exp', 'log', 'sqrt', 'tanh', 'abs', 'relu', 'sign'] as const) {
      expect(inlineForm(unaryOps[name].scalar), name).toBeDefined();
    }
    expect(inlineForm(binaryOps.add.scalar)?.(['p', 'q'])).toMatch(/^\(\(p\) ?\+ ?\(q\)\)$/);
    expect(inlineForm(unaryOps.exp.scalar)?.(['p', '0'])).toBe('Math.exp(p)');
  });

  it('refuses what it cannot spell as the same expression: blocks, free variables, strings, this, assignments', () => {
    const k = 2;
    const refused: readonly ((x: number, y: number) => number)[] = [
      (x) => {
        const t = x * 2;
        return t;
      },
      (x) => x * k,
      (x) => Number(`${x}`),
      function (this: unknown, x: number): number {
        return this === undefined ? x : 0;
      },
      (_x) => (_x = 3),
    ];
    for (const f of refused) expect(inlineForm(f), String(f)).toBeUndefined();
  });

  it('a jitted scalar program gives eager bits and spells the ops inline', () => {
    let source = '';
    const f = (x: Tensor, y: Tensor): Tensor => maximum(tanh(add(mul(x, y), 0.5)), -0.25);
    const jf = jit(f, { onTrace: (s) => (source = s) });
    for (const [x, y] of pairs.slice(0, 40)) {
      const [xs, ys] = [scalar(x), scalar(y)];
      expect(bitsOf(jf(xs, ys).data[0] ?? 0)).toBe(bitsOf(f(xs, ys).data[0] ?? 1));
    }
    expect(source).toContain('Math.tanh(');
    expect(source).not.toMatch(/c\d+\(n\d+/); // no op called through a constant
  });
});
