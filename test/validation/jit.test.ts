/**
 * jit refuses or retraces what it cannot see, never reusing a stale program: branches on number arguments
 * (static numbers by default), class instances among the arguments, cycles, unknown options; and it compiles
 * programs of any length (100,000 operations) to the eager bits.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, add, exp, item, mul, neg, scalar, sub, sum, tensor } from '../../src/index.ts';
import { ArgumentError } from '../../src/core/errors.ts';
import { TracedValueError } from '../../src/core/staging.ts';
import { jit } from '../../src/jit/index.ts';

const bitsOf = (t: Tensor): string[] => Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('jit: number arguments are static by default (a branch on one is never reused)', () => {
  const x = tensor([0.5, -1]);
  const branches: [string, (x: Tensor, mode: number) => Tensor][] = [
    ['===', (t, mode) => (mode === 1 ? exp(t) : neg(t))],
    [
      'switch',
      (t, mode) => {
        switch (mode) {
          case 1:
            return exp(t);
          default:
            return neg(t);
        }
      },
    ],
    ['typeof', (t, mode) => (typeof mode === 'number' && mode === 1 ? exp(t) : neg(t))],
    ['Number.isInteger', (t, mode) => (Number.isInteger(mode) ? exp(t) : neg(t))],
  ];
  for (const [name, f] of branches) {
    it(`a branch with ${name} gives the eager answer for each value, in either order`, () => {
      for (const order of [
        [1, 2.5, 1, 2.5],
        [2.5, 1, 2.5, 1],
      ]) {
        const jf = jit(f);
        for (const mode of order) expect(bitsOf(jf(x, mode))).toEqual(bitsOf(f(x, mode)));
      }
    });
  }

  it('a new value traces again; a value seen before reuses its program; 0, −0 and NaN are told apart', () => {
    let traces = 0;
    const f = jit((n: number) => scalar(1 / n), { onTrace: () => (traces += 1) });
    expect(item(f(0))).toBe(Infinity);
    expect(item(f(-0))).toBe(-Infinity);
    expect(Number.isNaN(item(f(NaN)))).toBe(true);
    expect(Number.isNaN(item(f(NaN)))).toBe(true);
    expect(item(f(0))).toBe(Infinity);
    expect(traces).toBe(3);
  });

  it('numbers inside records and arrays are static too', () => {
    const f = (p: { cfg: { mode: number }; xs: readonly number[] }, t: Tensor) =>
      p.cfg.mode === 1 ? mul(t, p.xs[0] ?? 0) : sub(t, p.xs[1] ?? 0);
    const jf = jit(f);
    const t = tensor([3]);
    for (const p of [
      { cfg: { mode: 1 }, xs: [2, 5] },
      { cfg: { mode: 2 }, xs: [2, 5] },
      { cfg: { mode: 1 }, xs: [7, 5] },
    ]) {
      expect(bitsOf(jf(p, t))).toEqual(bitsOf(f(p, t)));
    }
  });

  it('the cache stays bounded: ever-new numbers cost a trace each, the oldest program is dropped', () => {
    let traces = 0;
    const f = jit((t: Tensor, n: number) => mul(t, n), { maxSignatures: 4, onTrace: () => (traces += 1) });
    const t = tensor([1, 2]);
    for (let i = 0; i < 50; i++) expect(Array.from(f(t, i).data)).toEqual([i, 2 * i]);
    expect(traces).toBe(50);
    f(t, 49); // among the 4 kept
    f(t, 46);
    expect(traces).toBe(50);
    f(t, 0); // dropped long ago
    expect(traces).toBe(51);
  });
});

describe("jit: { numbers: 'traced' }", () => {
  it('one program serves every value', () => {
    let traces = 0;
    const f = jit((t: Tensor, n: number) => mul(t, n), { numbers: 'traced', onTrace: () => (traces += 1) });
    for (let i = 0; i < 20; i++) expect(Array.from(f(tensor([1, 2]), i).data)).toEqual([i, 2 * i]);
    expect(traces).toBe(1);
  });

  it('a coercing use of a traced number throws a TracedValueError', () => {
    const uses: ((n: number) => unknown)[] = [
      (n) => n * 2,
      (n) => n > 0,
      // eslint-disable-next-line eqeqeq
      (n) => n == 1,
      (n) => Math.sqrt(n),
      (n) => `${n}`,
      (n) => +n,
    ];
    for (const use of uses) {
      const f = jit(
        (n: number) => {
          use(n);
          return scalar(0);
        },
        { numbers: 'traced' },
      );
      expect(() => f(3)).toThrow(TracedValueError);
    }
  });
});

describe('jit: arguments a signature cannot hold are refused', () => {
  class Model {
    constructor(readonly w: Tensor) {}
  }

  it('a class instance, with the argument, the path and the class named', () => {
    const f = jit((p: { model: Model }, x: Tensor) => mul(p.model.w, x));
    expect(() => f({ model: new Model(tensor([2])) }, tensor([3]))).toThrow(ArgumentError);
    expect(() => f({ model: new Model(tensor([2])) }, tensor([3]))).toThrow(
      new RegExp(
        /^jit: argument 0 at \.model is an instance of Model; /.source +
          /pass plain records and arrays \(or close over it as a constant\)/.source,
      ),
    );
    const g = jit((m: Model) => m.w);
    expect(() => g(new Model(tensor([2])))).toThrow(/^jit: argument 0 is an instance of Model;/);
  });

  it('other objects that are not trees: a Map, a Date, a typed array', () => {
    const f = jit((_: unknown) => scalar(1));
    expect(() => f(new Map())).toThrow(/argument 0 is an instance of Map/);
    expect(() => f([1, new Date(0)])).toThrow(/argument 0 at \[1\] is an instance of Date/);
    expect(() => f({ data: new Float64Array(2) })).toThrow(/argument 0 at \.data is a Float64Array/);
  });

  it('a plain record in its place is read on every call, so a changed weight is seen', () => {
    const f = jit((m: { w: Tensor }, x: Tensor) => mul(m.w, x));
    const m = { w: tensor([2]) };
    expect(item(f(m, tensor([3])))).toBe(6);
    expect(item(f({ ...m, w: tensor([5]) }, tensor([3])))).toBe(15);
  });

  it('a cycle, with its path', () => {
    const f = jit((_: unknown) => scalar(1));
    const p: { a: { b: unknown[] } } = { a: { b: [] } };
    p.a.b.push(p.a);
    expect(() => f(p)).toThrow(ArgumentError);
    expect(() => f(p)).toThrow(
      /^jit: argument 0 at \.a\.b\[0\] is one of its own enclosing arrays or records \(a cycle\)/,
    );
  });

  it('a tensor-like object with an impossible dtype or shape', () => {
    const f = jit((_: unknown) => scalar(1));
    expect(() => f({ dtype: "float64'); throw 1; ('", shape: [1], data: [1] })).toThrow(
      /^jit: argument 0 is not a well-formed tensor/,
    );
    expect(() => f({ dtype: 'float64', shape: ['1'], data: [1] })).toThrow(ArgumentError);
  });

  it('a cyclic result', () => {
    const f = jit((x: Tensor) => {
      const r: { x: Tensor; self?: unknown } = { x };
      r.self = r;
      return r;
    });
    expect(() => f(tensor([1]))).toThrow(/^jit: the function returned a tree that contains itself/);
  });
});

describe('jit: options and f are checked when jit is called', () => {
  it('an unknown key names the nearest one', () => {
    expect(() => jit((x: Tensor) => x, { maxSignature: 3 } as never)).toThrow(ArgumentError);
    expect(() => jit((x: Tensor) => x, { maxSignature: 3 } as never)).toThrow(
      /^jit: unknown option "maxSignature" \(did you mean "maxSignatures"\?\)/,
    );
    expect(() => jit((x: Tensor) => x, { number: 'traced' } as never)).toThrow(/did you mean "numbers"/);
  });

  it('values of the wrong kind or range', () => {
    expect(() => jit((x: Tensor) => x, { maxSignatures: 0 })).toThrow(
      /^jit: maxSignatures must be a positive integer, got 0/,
    );
    expect(() => jit((x: Tensor) => x, { maxSignatures: 2.5 })).toThrow(ArgumentError);
    expect(() => jit((x: Tensor) => x, { numbers: 'dynamic' } as never)).toThrow(
      /^jit: numbers must be 'static' or 'traced', got "dynamic"/,
    );
    expect(() => jit((x: Tensor) => x, { onTrace: 'log' } as never)).toThrow(/^jit: onTrace must be a function/);
    expect(() => jit((x: Tensor) => x, null as never)).toThrow(/^jit: options is null/);
    expect(() => jit(3 as never)).toThrow(/^jit: f is 3, not a function/);
  });
});

describe('jit: long programs', () => {
  const n = 100_000;
  /** A chain of n adds and muls (the constants keep the value finite and every bit significant). */
  const chain = (x: Tensor | number): Tensor | number => {
    let y = x;
    for (let i = 0; i < n; i++) y = i % 2 === 0 ? mul(y, 0.9999) : add(y, 0.25);
    return y;
  };
  const eagerScalar = chain(scalar(1.5));
  const eagerVector = chain(tensor([1.5, -2, 0.125]));

  it('100,000 operations on a rank-0 tensor give the eager bits', () => {
    const r = jit(chain)(scalar(1.5));
    expect(bitsOf(tensorOf(r))).toEqual(bitsOf(tensorOf(eagerScalar)));
  });

  it('100,000 operations on a traced number give the eager bits, and a later call reuses the program', () => {
    let traces = 0;
    const f = jit(chain, { numbers: 'traced', onTrace: () => (traces += 1) });
    expect(bitsOf(tensorOf(f(1.5)))).toEqual(bitsOf(tensorOf(eagerScalar)));
    expect(bitsOf(tensorOf(f(1.5)))).toEqual(bitsOf(tensorOf(eagerScalar)));
    expect(traces).toBe(1);
  });

  it('100,000 operations on a small tensor give the eager bits; another shape misses and traces again', () => {
    let traces = 0;
    const f = jit(chain, { onTrace: () => (traces += 1) });
    expect(bitsOf(tensorOf(f(tensor([1.5, -2, 0.125]))))).toEqual(bitsOf(tensorOf(eagerVector)));
    expect(bitsOf(tensorOf(f(tensor([1.5, -2, 0.125]))))).toEqual(bitsOf(tensorOf(eagerVector)));
    expect(traces).toBe(1);
    expect(tensorOf(f(tensor([1, 2]))).shape).toEqual([2]);
    expect(traces).toBe(2);
  });

  it('a long signature (3,000 numbers): a change in its last check is a miss, not a stale answer', () => {
    let traces = 0;
    const f = jit((xs: readonly number[]) => sum(tensor([...xs])), { onTrace: (source) => ((traces += 1), source) });
    const xs = Array.from({ length: 3000 }, (_, i) => i);
    expect(item(f(xs))).toBe((2999 * 3000) / 2);
    expect(item(f([...xs.slice(0, -1), 0]))).toBe((2998 * 2999) / 2);
    expect(traces).toBe(2);
  });

  it('a short program keeps its variables as locals (the fast form)', () => {
    let source = '';
    jit((x: Tensor, y: number) => add(mul(x, y), 1), { numbers: 'traced', onTrace: (s) => (source = s) })(scalar(2), 3);
    expect(source).toMatch(/const n\d+ = /);
    expect(source).not.toMatch(/Float64Array/);
  });
});

const tensorOf = (v: Tensor | number): Tensor => (typeof v === 'number' ? scalar(v) : v);

describe('jit: trees nested deeper than a walk can recurse', () => {
  it('an argument or a result is an ArgumentError (or a correct result), never an engine RangeError', () => {
    let deep: unknown = 2;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    for (const call of [
      () => jit((_: unknown) => scalar(1))(deep),
      () =>
        jit((x: Tensor) => {
          let d: unknown = x;
          for (let i = 0; i < 50_000; i++) d = [d];
          return d;
        })(tensor([1])),
    ]) {
      try {
        call();
      } catch (e) {
        expect(e).toBeInstanceOf(ArgumentError);
        expect(String(e)).toMatch(/^ArgumentError: jit: (argument 0|the function's result) is nested too deeply/);
      }
    }
  });
});
