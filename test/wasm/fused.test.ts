/**
 * The fused elementwise kernels (src/wasm/fused.ts) and jit's fusion (src/jit/fuse.ts, fused-call.ts): each
 * fused op gives the JavaScript reference kernel's bits, special values included; random elementwise programs
 * jitted with fusion give eager evaluation's bits and the unfused program's bits (float32 and float64), over
 * random shapes on both sides of the fusion threshold; the optimizer's per-leaf passes fuse into one call per
 * leaf; the result does not depend on the thread count or on the backend selected when the program runs.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Tensor,
  abs,
  add,
  customVjp,
  div,
  exp,
  grad,
  greater,
  log,
  log1p,
  expm1,
  sigmoid,
  softplus,
  sign,
  matmul,
  maximum,
  minimum,
  mul,
  mulNoNan,
  neg,
  relu,
  reshape,
  softmaxCrossEntropy,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  where,
} from '../../src/index.ts';
import { allocate, type DType, type TypedArray } from '../../src/core/dtype.ts';
import { type BinaryName, binaryKernels, broadcastPlan } from '../../src/core/kernels/binary.ts';
import { type UnaryName, unaryKernels } from '../../src/core/kernels/unary.ts';
import { fusionThreshold } from '../../src/jit/fuse.ts';
import { jit } from '../../src/jit/index.ts';
import {
  type GradientTransformation,
  type OptState,
  adagrad,
  adam,
  adamw,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  cosineDecay,
  rmsprop,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  stepDecay,
} from '../../src/optim/index.ts';
import { configureCompute, computeInfo } from '../../src/wasm/config.ts';
import { unaryInWasm } from '../../src/wasm/elementwise.ts';
import {
  fusedArity,
  fusedFloat32Only,
  fusedOps,
  fusedProgram,
  fusedThreadWork,
  runFused,
} from '../../src/wasm/fused.ts';
import { bits, property, show } from '../helpers.ts';

const wasm = computeInfo().wasmAvailable;
const initial = computeInfo();
afterEach(() => {
  configureCompute({ backend: initial.backend, threads: initial.threads });
});

const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, 1e-40, -3e38, 2.5, 1e300];

/** n values of `dtype`: mostly smooth, with special values (NaN, ±0, ±∞, tiny, huge) sprinkled in. */
const data = (n: number, seed: number, dtype: DType, withSpecials: boolean): TypedArray => {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const s = specials[(i * 7 + seed) % specials.length] ?? 0;
    out[i] = withSpecials && (i * 13 + seed) % 5 === 0 ? s : Math.sin(seed * 3.1 + i * 1.7) * 4;
  }
  return out;
};

const isUnaryName = (op: string): op is UnaryName => op in unaryKernels;
const isBinaryName = (op: string): op is BinaryName => op in binaryKernels;

/** The fused source lines of a program: calls with an input list and a scalar list. */
const fusedCalls = (source: string): number => (source.match(/= c\d+\(\[[^\]]*\], \[[^\]]*\]\);/g) ?? []).length;

describe.runIf(wasm)('fused kernels: each op against the JavaScript reference kernel', () => {
  const ops = fusedOps;
  it("bit for bit (float32 transcendentals: the elementwise Wasm kernel's), odd lengths, scalars, specials", () => {
    configureCompute({ backend: 'wasm' });
    property(
      fc.record({
        op: fc.constantFrom(...ops),
        n: fc.integer({ min: 1, max: 3000 }),
        f64: fc.boolean(),
        scalarB: fc.boolean(),
        seed: fc.nat(100),
        s: fc.constantFrom(...specials),
      }),
      ({ op, n, f64, scalarB, seed, s }) => {
        const dtype: DType = f64 && !fusedFloat32Only.has(op) ? 'float64' : 'float32';
        const arity = fusedArity(op);
        const x = data(n, seed, dtype, true);
        const y = data(n, seed + 1, dtype, true);
        const c = data(n, seed + 2, dtype, true).map((v, i) => (i % 3 === 0 ? 0 : v));
        const sv = dtype === 'float32' ? Math.fround(s) : s;
        const useScalar = scalarB && arity === 2;
        // registers: inputs x, y, c (streams), the scalar, one output
        const inputs = [x, y, c];
        const b = useScalar ? 3 : 1;
        const program = fusedProgram(dtype, n, { inputs: 3, scalars: 1, outputs: 1, scratch: 0 }, [
          { op, dst: 4, a: 0, b, c: 2 },
        ]);
        const [got] = runFused(program, inputs, [sv]) ?? [];
        const want = allocate(dtype, n);
        const yb = useScalar ? allocate(dtype, 1).fill(sv) : y;
        if (op === 'where') want.set(x.map((v, i) => ((c[i] ?? 0) !== 0 ? v : (y[i] ?? 0))));
        else if (fusedFloat32Only.has(op) && isUnaryName(op)) expect(unaryInWasm(op, x, want)).toBe(true);
        else if (arity === 1 && isUnaryName(op)) unaryKernels[op](x, want);
        else if (isBinaryName(op)) binaryKernels[op](x, yb, want, broadcastPlan([n], useScalar ? [] : [n], [n]));
        expect(got).toBeDefined();
        expect(show(got ?? [])).toEqual(show(want));
      },
      120,
    );
  });
});

type Value = Tensor | number;

/** One step of a random program: an op and the positions of its operands in the pool of values so far. */
interface Step {
  readonly op: number;
  readonly a: number;
  readonly b: number;
}

const binaryOps: readonly ((a: Value, b: Value) => Tensor)[] = [
  add,
  sub,
  mul,
  div,
  maximum,
  minimum,
  mulNoNan,
  (a, b) => where(greater(a, b), a, b),
];
const unaryOps: readonly ((a: Value) => Tensor)[] = [
  neg,
  abs,
  sqrt,
  relu,
  sign,
  exp,
  tanh,
  sigmoid,
  softplus,
  (a) => log(abs(a)),
  log1p,
  expm1,
  (a) => sum(a),
];

/** Runs a program over the pool [x, y, n]: each step appends op(pool[a], pool[b]); returns the last three values. */
const runProgram = (steps: readonly Step[], x: Tensor, y: Tensor, n: Value): Value[] => {
  const pool: Value[] = [x, y, n];
  for (const { op, a, b } of steps) {
    const u = pool[a % pool.length] ?? 0;
    const v = pool[b % pool.length] ?? 0;
    const k = op % (binaryOps.length + unaryOps.length);
    const binary = binaryOps[k];
    const unary = unaryOps[k - binaryOps.length];
    pool.push(binary !== undefined ? binary(u, v) : unary !== undefined ? unary(u) : u);
  }
  return pool.slice(-3);
};

describe.runIf(wasm)('jit with fusion: random elementwise programs', () => {
  const t = fusionThreshold;
  const shapes: fc.Arbitrary<readonly number[]> = fc.oneof<fc.Arbitrary<readonly number[]>[]>(
    fc.integer({ min: Math.max(1, t - 40), max: t + 40 }).map((n) => [n]),
    fc.integer({ min: 1, max: 4 * t }).map((n) => [n]),
    fc.record({ r: fc.integer({ min: 1, max: 40 }), c: fc.integer({ min: 1, max: 97 }) }).map(({ r, c }) => [r, c]),
    fc.constant([3, 5, 7]),
  );
  it('give eager bits and the unfused program’s bits (float32 and float64), values and gradients', () => {
    configureCompute({ backend: 'wasm' });
    let fused = 0;
    property(
      fc.record({
        steps: fc.array(fc.record({ op: fc.nat(60), a: fc.nat(30), b: fc.nat(30) }), { minLength: 1, maxLength: 14 }),
        shape: shapes,
        yRank0: fc.boolean(),
        dtype: fc.constantFrom<DType>('float32', 'float64'),
        specials: fc.boolean(),
        n: fc.double({ min: -2, max: 2, noNaN: true }),
      }),
      ({ steps, shape, yRank0, dtype, specials: sp, n }) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const x = reshape(tensor(data(size, 7, dtype, sp)), shape);
        const y = yRank0
          ? tensor(data(1, 8, dtype, false)[0] ?? 0, { dtype })
          : reshape(tensor(data(size, 8, dtype, sp)), shape);
        const f = (xa: Tensor, ya: Tensor, na: number): Value[] => runProgram(steps, xa, ya, na);
        const df = (xa: Tensor, ya: Tensor, na: number) =>
          valueAndGrad((p: { x: Tensor; y: Tensor }) =>
            sum(runProgram(steps, p.x, p.y, na).reduce<Value>((acc, v) => add(acc, sum(v)), 0)),
          )({ x: xa, y: ya });
        const programs: readonly ((xa: Tensor, ya: Tensor, na: number) => unknown)[] = [f, df];
        for (const g of programs) {
          let source = '';
          const jf = jit(g, { numbers: 'traced', onTrace: (s) => (source = s) });
          const ju = jit(g, { numbers: 'traced', fuse: false });
          const got = bits(jf(x, y, n));
          expect(got).toEqual(bits(ju(x, y, n)));
          expect(got).toEqual(bits(g(x, y, n)));
          fused += fusedCalls(source);
          if (size < t) expect(fusedCalls(source)).toBe(0);
        }
      },
      80,
    );
    expect(fused).toBeGreaterThan(20);
  });
});

describe.runIf(wasm)('jit with fusion: structure and routes', () => {
  const n = 4 * fusionThreshold + 3;
  it('a chain of exact ops runs as one fused call', () => {
    configureCompute({ backend: 'wasm' });
    let source = '';
    const f = jit((x: Tensor, y: Tensor) => add(mul(sub(mul(x, y), 0.5), x), div(maximum(x, y), 3)), {
      onTrace: (s) => (source = s),
    });
    const x = tensor(data(n, 1, 'float64', true));
    const y = tensor(data(n, 2, 'float64', true));
    const got = f(x, y);
    expect(fusedCalls(source)).toBe(1);
    expect(source).not.toMatch(/= c\d+\(\[t\d+(, t\d+)?\]\);/);
    expect(bits(got)).toEqual(bits(add(mul(sub(mul(x, y), 0.5), x), div(maximum(x, y), 3))));
  });

  it("exp(x)·x + 1 in float32 (bench workload b) is one fused call, with the unfused program's bits", () => {
    configureCompute({ backend: 'wasm' });
    let source = '';
    const body = (x: Tensor): Tensor => add(mul(exp(x), x), 1);
    const f = jit(body, { onTrace: (s) => (source = s) });
    const x = tensor(data(n, 6, 'float32', true));
    const got = bits(f(x));
    expect(fusedCalls(source)).toBe(1);
    expect(source).not.toMatch(/= c\d+\(\[t\d+(, t\d+)?\]\);/);
    expect(got).toEqual(bits(jit(body, { fuse: false })(x)));
    expect(got).toEqual(bits(body(x)));
  });

  it('an Adam step over an MLP’s parameters: one fused call per large leaf, eager bits over several steps', () => {
    configureCompute({ backend: 'wasm' });
    type P = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
    const opt = adam({ lr: 1e-3 });
    const f32 = (k: number, seed: number, shape: number[]): Tensor =>
      reshape(tensor(data(k, seed, 'float32', false)), shape);
    const [batch, inputs, hidden, classes] = [8, 40, 30, 20];
    const xb = f32(batch * inputs, 3, [batch, inputs]);
    const labels = tensor([0, 3, 19, 7, 7, 1, 12, 5], { dtype: 'float32' });
    const loss = (p: P): Tensor =>
      softmaxCrossEntropy(add(matmul(relu(add(matmul(xb, p.w1), p.b1)), p.w2), p.b2), labels);
    const step = (p: P, s: OptState<typeof opt, P>) => {
      const [l, g] = valueAndGrad(loss)(p);
      const [u, s2] = opt.update(g, s, p);
      return [applyUpdates(p, u), s2, l] as const;
    };
    let source = '';
    const jitted = jit(step, { onTrace: (s) => (source = s) });
    let pe: P = {
      w1: f32(inputs * hidden, 1, [inputs, hidden]),
      b1: f32(hidden, 2, [hidden]),
      w2: f32(hidden * classes, 4, [hidden, classes]),
      b2: f32(classes, 5, [classes]),
    };
    let se = opt.init(pe);
    let pj = pe;
    let sj = se;
    for (let i = 0; i < 4; i++) {
      const [p1, s1, l1] = step(pe, se);
      const [p2, s2, l2] = jitted(pj, sj);
      expect(bits([p2, s2, l2])).toEqual(bits([p1, s1, l1]));
      [pe, se, pj, sj] = [p1, s1, p2, s2];
    }
    // w1 (1200 elements) and w2 (600) are above the threshold: Adam's moments, its update, the learning rate
    // and applyUpdates run in one call per leaf; b1 and b2 (and the batch's [8, 30] values) stay unfused.
    expect(fusedCalls(source)).toBe(2);
  });

  const optimizers: readonly [string, GradientTransformation<unknown>][] = [
    ['sgd, weight decay, step decay', sgd({ lr: stepDecay({ init: 0.05, every: 3 }), weightDecay: 0.01 })],
    ['nesterov', sgd({ lr: 0.01, momentum: 0.9, nesterov: true })],
    ['rmsprop, centered', rmsprop({ lr: 0.01, centered: true })],
    ['adam, AMSGrad', adam({ lr: 0.01, amsgrad: true })],
    ['adamw, cosine decay', adamw({ lr: cosineDecay({ init: 0.05, decaySteps: 20 }), weightDecay: 0.1 })],
    ['adagrad', adagrad({ lr: 0.1 })],
    ['clipping by the global norm, adam', chain(clipByGlobalNorm(0.5), scaleByAdam(), scaleByLearningRate(0.01))],
  ];
  for (const [name, opt] of optimizers) {
    it(`${name} over large float32 and float64 leaves: eager bits, fused`, () => {
      configureCompute({ backend: 'wasm' });
      type P = { a: Tensor; b: Tensor };
      const eager = (p: P, s: ReturnType<typeof opt.init<P>>, x: number) => {
        const g = grad((q: P) => add(sum(square(sub(mul(q.a, x), 1))), sum(mul(tanh(q.b), x))))(p);
        const [u, s2] = opt.update(g, s, p);
        return [applyUpdates(p, u), s2] as const;
      };
      let source = '';
      const jitted = jit(eager, { numbers: 'traced', onTrace: (src) => (source = src) });
      const p0: P = { a: tensor(data(n, 1, 'float32', false)), b: tensor(data(n + 7, 2, 'float64', false)) };
      let e = [p0, opt.init(p0)] as const;
      let j = e;
      for (let t = 0; t < 6; t++) {
        e = eager(e[0], e[1], Math.cos(t));
        j = jitted(j[0], j[1], Math.cos(t));
        expect(bits(j)).toEqual(bits(e));
      }
      expect(fusedCalls(source)).toBeGreaterThanOrEqual(2);
    });
  }

  it('a long program (its source split into chunks) with many fused groups gives eager bits', () => {
    configureCompute({ backend: 'wasm' });
    const body = (v: Tensor): Tensor => {
      let y = v;
      for (let i = 0; i < 1500; i++) {
        y = add(mul(y, 0.999), v);
        if (i % 3 === 0) y = tanh(y);
        if (i % 50 === 0) y = add(y, sum(y));
      }
      return y;
    };
    let source = '';
    const x = tensor(data(n, 9, 'float64', false));
    const got = jit(body, { onTrace: (s) => (source = s) })(x);
    expect(source).toContain('function p1(');
    expect(
      fusedCalls(source.replace(/([SCTN])\[(\d+)\]/g, (_, l: string, i: string) => `${l.toLowerCase()}${i}`)),
    ).toBeGreaterThan(400);
    expect(bits(got)).toEqual(bits(body(x)));
  });

  it('a custom primitive named "where" is not taken for where (its example output decides)', () => {
    configureCompute({ backend: 'wasm' });
    const notWhere = customVjp(
      (a: Tensor, b: Tensor, c: Tensor) => add(a, mul(b, c)),
      (g) => [g, g, g],
      'where',
    );
    const body = (x: Tensor, y: Tensor): Tensor => mul(notWhere(add(x, 1), y, greater(x, 0)), 2);
    const x = tensor(data(n, 11, 'float64', false));
    const y = tensor(data(n, 12, 'float64', false));
    expect(bits(jit(body)(x, y))).toEqual(bits(body(x, y)));
  });

  it('runs the equations one by one when the JavaScript backend is selected after tracing', () => {
    configureCompute({ backend: 'wasm' });
    const f = jit((x: Tensor) => add(mul(x, x), sqrt(abs(x))));
    const x = tensor(data(n, 3, 'float32', true));
    const before = bits(f(x));
    configureCompute({ backend: 'js' });
    expect(bits(f(x))).toEqual(before);
    expect(before).toEqual(bits(add(mul(x, x), sqrt(abs(x)))));
  });

  it('gives the same bits on one thread and on two', async () => {
    configureCompute({ backend: 'wasm', threads: 2 });
    for (let i = 0; i < 200 && computeInfo().activeThreads < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(computeInfo().activeThreads).toBe(2);
    const big = fusedThreadWork + 1234;
    const x = tensor(data(big, 4, 'float32', true));
    const y = tensor(data(big, 5, 'float32', true));
    const f = jit((a: Tensor, b: Tensor) => where(greater(a, b), mul(a, b), sub(a, div(b, 3))));
    configureCompute({ threads: 1 });
    const one = bits(f(x, y));
    configureCompute({ threads: 2 });
    expect(bits(f(x, y))).toEqual(one);
    expect(one).toEqual(bits(where(greater(x, y), mul(x, y), sub(x, div(y, 3)))));
  });
});
