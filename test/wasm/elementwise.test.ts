/**
 * The WebAssembly elementwise kernels against the JavaScript reference kernels (core/kernels/unary.ts and
 * binary.ts): exact ops bit for bit in float32 and float64 (NaN compared as NaN: its payload is not
 * specified), on random sizes (0, 1, odd, not multiples of 4) and special values (NaN, ±∞, ±0, subnormals,
 * huge); the float32 transcendentals within 1 ulp of the correctly rounded result, Math.fround(Math.f(x)), on
 * random floats, a strided sweep over every float32 bit pattern, even grids over each function's interesting
 * range and runs of consecutive floats around its key points; binary ops on random broadcast shapes (one row,
 * a scalar operand, trailing-axis rows); and the public ops on the 'wasm' backend against the 'js' backend.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { TypedArray } from '../../src/core/dtype.ts';
import { type BinaryName, type BroadcastPlan, binaryKernels, broadcastPlan } from '../../src/core/kernels/binary.ts';
import { type UnaryName, unaryKernels } from '../../src/core/kernels/unary.ts';
import { broadcastShapes, sizeOf } from '../../src/core/shape.ts';
import { computeInfo, configureCompute } from '../../src/wasm/config.ts';
import {
  binaryInWasm,
  unaryInWasm,
  wasmElementwiseMinimum,
  wasmTranscendentalMinimum,
  wasmUnary,
  whereInWasm,
} from '../../src/wasm/elementwise.ts';
import { computeWhere } from '../../src/core/compute.ts';
import { fromData } from '../../src/core/tensor.ts';

const backend = computeInfo().backend;
configureCompute({ backend: 'wasm' });
afterAll(() => configureCompute({ backend }));

type Wide = 'float32' | 'float64';

const make = (dtype: Wide, values: ArrayLike<number>): TypedArray =>
  dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);

/** A zero-filled array of n elements. */
const zeros = (dtype: Wide, n: number): TypedArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));

/** The first index where x and y differ in bits (−1 when none); two NaNs count as equal. */
const firstDifference = (x: TypedArray, y: TypedArray): number => {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i] ?? 0, y[i] ?? 0];
    if (!(Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v)))) return i;
  }
  return -1;
};

/** Special values: NaN, ±∞, ±0, float32 and float64 subnormals and extremes, and a few ordinary numbers. */
const specials = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1,
  -1,
  0.5,
  -2.5,
  3,
  1e-45,
  -1e-45,
  1.1754942e-38,
  -1.1754942e-38,
  1.1754944e-38,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  5e-324,
  -5e-324,
  1e300,
  -1e300,
  88.72284,
  -103.97,
  20,
  -20,
  1e-7,
];

/** Numbers of either dtype's range: doubles, float32s (incl. NaN, ±∞, ±0, subnormals) and the specials. */
const numberArb = fc.oneof(fc.double(), fc.float(), fc.constantFrom(...specials), fc.double({ min: -4, max: 4 }));
/** Arrays of lengths 0 to 80 (every tail length), sometimes a few hundred. */
const arrayArb = fc.oneof(
  fc.array(numberArb, { maxLength: 80 }),
  fc.array(numberArb, { minLength: 200, maxLength: 600 }),
);

const exactUnary: readonly UnaryName[] = ['neg', 'abs', 'sqrt', 'sign', 'relu', 'positive', 'isFinite', 'isNaN'];
const transcendental: readonly UnaryName[] = ['exp', 'log', 'log1p', 'expm1', 'tanh', 'sigmoid', 'softplus'];

/** f computed by the WebAssembly kernel (asserting that it took the call) and by the reference. */
const both = (name: UnaryName, x: TypedArray): { readonly got: TypedArray; readonly want: TypedArray } => {
  const got = zeros(x instanceof Float64Array ? 'float64' : 'float32', x.length);
  const want = zeros(x instanceof Float64Array ? 'float64' : 'float32', x.length);
  expect(unaryInWasm(name, x, got)).toBe(true);
  unaryKernels[name](x, want);
  return { got, want };
};

describe('exact unary kernels', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const name of exactUnary) {
      it(`${name} (${dtype}) gives the reference's bits`, () => {
        fc.assert(
          fc.property(arrayArb, (values) => {
            const { got, want } = both(name, make(dtype, values));
            expect(firstDifference(got, want)).toBe(-1);
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** A float32's place on the number line in ulps (±0 both at 0). */
const ordinal = (v: number): number => {
  f32[0] = v;
  const b = i32[0] ?? 0;
  return b < 0 ? -(b & 0x7fffffff) : b;
};

/** The float32 whose bits are b. */
const fromBits = (b: number): number => {
  i32[0] = b | 0;
  return f32[0] ?? 0;
};

/**
 * The largest distance in ulps between got and want, −1 if NaN disagrees with a number, and −2 if a zero's
 * sign differs (want ±0 must come out exactly).
 */
const worstUlps = (got: Float32Array, want: Float32Array): { readonly ulps: number; readonly at: number } => {
  let ulps = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const [u, v] = [got[i] ?? 0, want[i] ?? 0];
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (Number.isNaN(u) !== Number.isNaN(v)) return { ulps: -1, at: i };
      continue;
    }
    if (v === 0 && !Object.is(u, v)) return { ulps: -2, at: i };
    const d = Math.abs(ordinal(u) - ordinal(v));
    if (d > ulps) [ulps, at] = [d, i];
  }
  return { ulps, at };
};

/** Expect f32 results within 1 ulp of the correctly rounded values, naming the worst input on failure. */
const expectWithinUlp = (name: UnaryName, x: Float32Array): void => {
  const { got, want } = both(name, x);
  if (!(got instanceof Float32Array && want instanceof Float32Array)) throw new Error('float32 expected');
  const { ulps, at } = worstUlps(got, want);
  const detail = at < 0 ? '' : `${name}(${x[at]}) = ${got[at]}, correctly rounded ${want[at]}`;
  expect([0, 1], detail).toContain(ulps);
};

/** Every float32 whose bit pattern is a multiple of `stride` (both signs, NaNs and infinities included). */
const strided = (stride: number): Float32Array => {
  const n = Math.floor(2 ** 32 / stride);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = fromBits(i * stride);
  return out;
};

/** n float32s evenly spaced over [lo, hi]. */
const grid = (lo: number, hi: number, n: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/** `count` consecutive float32s on each side of each point (both signs of zero included by the caller). */
const around = (points: readonly number[], count: number): Float32Array => {
  const out: number[] = [];
  for (const p of points) {
    f32[0] = p;
    const b = i32[0] ?? 0;
    for (let d = -count; d < count; d++) out.push(fromBits(b + d));
  }
  return Float32Array.from(out);
};

/** Each function's interesting range (where the result is neither saturated nor trivially x) and key points. */
const ranges: Readonly<
  Record<string, { readonly lo: number; readonly hi: number; readonly points: readonly number[] }>
> = {
  exp: {
    lo: -104,
    hi: 89,
    points: [0, 1e-30, -1e-30, 1, -1, 0.3465736, 88.72283, 88.72284, -87.33655, -103.27893, -103.97208],
  },
  log: { lo: 0, hi: 4, points: [1, 2, 0.5, 0.70710677, 1.4142135, 1.1754944e-38, 1e-45, 3.4028235e38, 1e-10] },
  log1p: { lo: -1, hi: 4, points: [0, -1, 1e-8, 2.9802322e-8, 0.41421357, -0.29289323, 1, 1e-3, -1e-3] },
  expm1: { lo: -20, hi: 89, points: [0, 1e-8, -1e-8, 0.3, -0.3, 0.34657359, 1, -1, 88.72283, -17.3] },
  tanh: { lo: -10, hi: 10, points: [0, 1e-5, -1e-5, 0.15, 0.55, 1, -1, 9, -9] },
  sigmoid: { lo: -104, hi: 20, points: [0, 1e-5, -1e-5, 1, -1, 16.6, -87.3, -103.2, -103.97] },
  softplus: { lo: -104, hi: 20, points: [0, 1e-5, -1e-5, 1, -1, 16.6, -87.3, -103.2, 88.7] },
};

describe('float32 transcendental kernels, within 1 ulp of the correctly rounded result', () => {
  const sweep = strided(4099);
  for (const name of transcendental) {
    it(`${name}: every 4099th float32 bit pattern, an even grid and runs around key points`, () => {
      const r = ranges[name];
      if (r === undefined) throw new Error(`no range for ${name}`);
      expectWithinUlp(name, sweep);
      expectWithinUlp(name, grid(r.lo, r.hi, 1 << 19));
      expectWithinUlp(name, around([...r.points, ...r.points.map((p) => -p)], 2048));
      expectWithinUlp(name, Float32Array.from(specials));
    });

    it(`${name}: random float32 arrays of every tail length`, () => {
      const arrays = fc.array(fc.float(), { maxLength: 40 });
      fc.assert(
        fc.property(arrays, (values) => expectWithinUlp(name, Float32Array.from(values))),
        { numRuns: 100 },
      );
    });
  }

  it('keeps float64 transcendentals, small arrays and other dtypes out of WebAssembly', () => {
    const [n, t] = [wasmElementwiseMinimum, wasmTranscendentalMinimum];
    const f32s = (k: number): readonly [Float32Array, Float32Array] => [new Float32Array(k), new Float32Array(k)];
    expect(wasmUnary('exp', new Float64Array(n), new Float64Array(n))).toBe(false);
    expect(wasmUnary('exp', ...f32s(t - 1))).toBe(false);
    expect(wasmUnary('exp', ...f32s(t))).toBe(true);
    expect(wasmUnary('neg', ...f32s(n - 1))).toBe(false);
    expect(wasmUnary('neg', ...f32s(n))).toBe(true);
    expect(wasmUnary('neg', new Float32Array(n), new Float64Array(n))).toBe(false);
    expect(wasmUnary('sin', ...f32s(n))).toBe(false);
  });
});

const binaryNames = Object.keys(binaryKernels).filter((k): k is BinaryName => k !== 'pow');

/** A shape of rank 0–4 with extents 1–6, and three shapes that broadcast to it (axes dropped or set to 1). */
const broadcastArb = fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }).chain((out) => {
  const operand = fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] === true ? 1 : d)));
  return fc.tuple(operand, operand, operand);
});

/** Operand dtypes and the result's: both float32, both float64, or mixed (a float64 result). */
const kinds = [
  ['float32', 'float32', 'float32'],
  ['float64', 'float64', 'float64'],
  ['float32', 'float64', 'float64'],
  ['float64', 'float32', 'float64'],
] as const;

describe('binary kernels with broadcasting', () => {
  for (const [da, db, dtype] of kinds) {
    for (const name of binaryNames) {
      it(`${name} (${da}, ${db}) gives the reference's bits on random broadcast shapes`, () => {
        const pools = fc.array(numberArb, { minLength: 1, maxLength: 30 });
        fc.assert(
          fc.property(broadcastArb, pools, fc.boolean(), ([sa, sb], pool, flatten) => {
            const shape = broadcastShapes('test', sa, sb);
            const fill = (d: Wide, n: number, k: number): TypedArray =>
              make(
                d,
                Array.from({ length: n }, (_, i) => pool[(i * 7 + k) % pool.length] ?? 0),
              );
            const [a, b] = [fill(da, sizeOf(sa), 0), fill(db, sizeOf(sb), 3)];
            const plan = broadcastPlan(sa, sb, shape, flatten);
            const got = zeros(dtype, sizeOf(shape));
            const want = zeros(dtype, sizeOf(shape));
            expect(binaryInWasm(name, a, b, got, plan)).toBe(true);
            binaryKernels[name](a, b, want, plan);
            expect(firstDifference(got, want)).toBe(-1);
          }),
          { numRuns: 50 },
        );
      });
    }
  }

  it('gives the bits of the reference on long rows: same shape, scalar operands, trailing-axis rows', () => {
    const shapes: readonly (readonly [readonly number[], readonly number[]])[] = [
      [[1001], [1001]],
      [[1001], []],
      [[], [1003]],
      [[37, 129], [129]],
      [
        [37, 129],
        [37, 1],
      ],
      [
        [3, 1, 67],
        [5, 1],
      ],
    ];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [sa, sb] of shapes) {
        const shape = broadcastShapes('test', sa, sb);
        const a = make(
          dtype,
          Array.from({ length: sizeOf(sa) }, (_, i) => Math.sin(i) * 3),
        );
        const b = make(
          dtype,
          Array.from({ length: sizeOf(sb) }, (_, i) => (i % 5 === 0 ? 0 : Math.cos(i) * 3)),
        );
        for (const name of binaryNames) {
          const plan = broadcastPlan(sa, sb, shape);
          const [got, want] = [zeros(dtype, sizeOf(shape)), zeros(dtype, sizeOf(shape))];
          expect(binaryInWasm(name, a, b, got, plan)).toBe(true);
          binaryKernels[name](a, b, want, plan);
          expect([name, dtype, sa, sb, firstDifference(got, want)]).toEqual([name, dtype, sa, sb, -1]);
        }
      }
    }
  });

  it('leaves float64 pow, and a float64 operand of a float32 out, to JavaScript', () => {
    const plan = broadcastPlan([100], [100], [100]);
    expect(binaryInWasm('pow', new Float64Array(100), new Float64Array(100), new Float64Array(100), plan)).toBe(false);
    expect(binaryInWasm('pow', new Float32Array(100), new Float64Array(100), new Float64Array(100), plan)).toBe(false);
    expect(binaryInWasm('add', new Float32Array(100), new Float64Array(100), new Float32Array(100), plan)).toBe(false);
  });
});

/** pow on float32 operands by the WebAssembly kernel and the reference, along a plan. */
const powBoth = (
  a: Float32Array,
  b: Float32Array,
  plan: BroadcastPlan,
  n: number,
): readonly [Float32Array, Float32Array] => {
  const [got, want] = [new Float32Array(n), new Float32Array(n)];
  expect(binaryInWasm('pow', a, b, got, plan)).toBe(true);
  binaryKernels.pow(a, b, want, plan);
  return [got, want];
};

describe('float32 pow, within 1 ulp of Math.fround(Math.pow(a, b))', () => {
  it("every pair of special values (Math.pow's rules for ±0, ±∞, NaN, negative bases, odd and even exponents)", () => {
    const values = [
      ...specials.map(Math.fround),
      0.1,
      -0.5,
      2,
      -2,
      -3,
      2.5,
      16777216,
      16777217,
      33554432,
      -16777215,
      1.0000001,
      0.99999994,
      100,
      -100,
    ];
    const a = Float32Array.from(values.flatMap((x) => values.map(() => x)));
    const b = Float32Array.from(values.flatMap(() => values));
    const [got, want] = powBoth(a, b, broadcastPlan([a.length], [b.length], [a.length]), a.length);
    const { ulps, at } = worstUlps(got, want);
    expect([0, 1], `${a[at] ?? ''} ** ${b[at] ?? ''}: ${got[at] ?? ''} vs ${want[at] ?? ''}`).toContain(ulps);
  });

  it('random bases and exponents (positive; negative, integral exponents; near 1 with large ones), broadcast', () => {
    const pairArb = fc.oneof(
      fc.tuple(fc.float({ min: 0, max: 10, noNaN: true }), fc.float({ min: -30, max: 30, noNaN: true })),
      fc.tuple(fc.float({ min: -10, max: 10, noNaN: true }), fc.integer({ min: -40, max: 40 })),
      fc.tuple(
        fc.float({ min: Math.fround(0.999), max: Math.fround(1.001), noNaN: true }),
        fc.float({ min: -1e5, max: 1e5, noNaN: true }),
      ),
      fc.tuple(fc.float(), fc.float()),
    );
    fc.assert(
      fc.property(broadcastArb, fc.array(pairArb, { minLength: 1, maxLength: 40 }), ([sa, sb], pool) => {
        const shape = broadcastShapes('test', sa, sb);
        const a = Float32Array.from({ length: sizeOf(sa) }, (_, i) => pool[i % pool.length]?.[0] ?? 0);
        const b = Float32Array.from({ length: sizeOf(sb) }, (_, i) => pool[(i * 3) % pool.length]?.[1] ?? 0);
        const [got, want] = powBoth(a, b, broadcastPlan(sa, sb, shape), sizeOf(shape));
        expect([0, 1]).toContain(worstUlps(got, want).ulps);
      }),
      { numRuns: 300 },
    );
  });
});

describe('where', () => {
  it('gives the bits of computeWhere on the js backend, on random broadcast shapes of cond, a and b', () => {
    const whereKinds = [
      ...kinds.map(([a, b, o]) => [o, a, b, o] as const),
      ['float32', 'float32', 'float64', 'float64'] as const,
    ];
    for (const [dc, da, db, dtype] of whereKinds) {
      fc.assert(
        fc.property(broadcastArb, fc.array(numberArb, { minLength: 1, maxLength: 30 }), ([sc, sa, sb], pool) => {
          const shape = broadcastShapes('test', broadcastShapes('test', sc, sa), sb);
          const fill = (d: Wide, s: readonly number[], k: number): TypedArray =>
            make(
              d,
              Array.from({ length: sizeOf(s) }, (_, i) =>
                k === 0 && i % 3 === 0 ? 0 : (pool[(i * 7 + k) % pool.length] ?? 0),
              ),
            );
          const [c, a, b] = [fill(dc, sc, 0), fill(da, sa, 1), fill(db, sb, 2)];
          const got = zeros(dtype, sizeOf(shape));
          const pa = broadcastPlan(sc, sa, shape, false);
          const pb = broadcastPlan(sc, sb, shape, false);
          expect(whereInWasm(c, a, b, got, pa, pb)).toBe(true);
          configureCompute({ backend: 'js' });
          const want = computeWhere(fromData(sc, c), fromData(sa, a), fromData(sb, b)).data;
          configureCompute({ backend: 'wasm' });
          expect(firstDifference(got, want)).toBe(-1);
        }),
        { numRuns: 100 },
      );
    }
  });
});

describe('the public ops on the wasm backend', () => {
  it('match the js backend (float64 bits, float32 within 1 ulp for exp, bits for the exact chain)', () => {
    const run = (dtype: Wide): readonly TypedArray[] => {
      const x = g.tensor(
        Array.from({ length: 999 }, (_, i) => Math.sin(i) * 5),
        { dtype },
      );
      const y = g.tensor(
        Array.from({ length: 999 }, (_, i) => Math.cos(i * 3)),
        { dtype },
      );
      const exact = g.maximum(g.div(g.mul(g.sub(x, y), y), g.add(y, 2)), g.neg(g.relu(x)));
      return [exact.data, g.add(g.mul(g.exp(x), x), 1).data, g.tanh(x).data];
    };
    for (const dtype of ['float32', 'float64'] as const) {
      const wasm = run(dtype);
      configureCompute({ backend: 'js' });
      const js = run(dtype);
      configureCompute({ backend: 'wasm' });
      expect(firstDifference(wasm[0] ?? new Float64Array(), js[0] ?? new Float64Array())).toBe(-1);
      if (dtype === 'float64') {
        expect(wasm.map((w, i) => firstDifference(w, js[i] ?? w))).toEqual([-1, -1, -1]);
      }
    }
  });
});
