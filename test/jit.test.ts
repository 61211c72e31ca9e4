/**
 * jit: a jitted function returns what the function returns eagerly, bit for bit and leaf kind for leaf kind,
 * for every signature it is called with; it refuses what it cannot trace with a TracedValueError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  exp,
  grad,
  item,
  matmul,
  mean,
  mul,
  relu,
  scalar,
  softmaxCrossEntropy,
  square,
  sub,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  where,
  greater,
  reshape,
} from '../src/index.ts';
import { TracedValueError } from '../src/core/staging.ts';
import { type Value, programFields, runProgram } from './random-programs.ts';
import { jit } from '../src/jit/index.ts';
import {
  type GradientTransformation,
  adagrad,
  adam,
  applyIfFinite,
  chain,
  scaleByAdam,
  scaleByLearningRate,
  adamw,
  applyUpdates,
  clipByGlobalNorm,
  cosineDecay,
  emaMomentum,
  momentum,
  multiSteps,
  rmsprop,
  sgd,
  stepDecay,
} from '../src/optim/index.ts';
import { bits, property } from './helpers.ts';

const values = (
  n: number,
  seed: number,
  dtype: 'float32' | 'float64' = 'float64',
  shape: readonly number[] = [n],
): Tensor =>
  reshape(
    tensor(
      Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 2),
      { dtype },
    ),
    shape,
  );

describe('jit: same results as eager evaluation', () => {
  it('an elementwise and matmul program, float64 and float32, over random shapes', () => {
    const f = (x: Tensor, w: Tensor, s: number): Tensor => add(mul(tanh(matmul(x, w)), s), exp(mean(x)));
    const jf = jit(f);
    property(
      fc.record({
        m: fc.integer({ min: 1, max: 4 }),
        k: fc.integer({ min: 1, max: 4 }),
        n: fc.integer({ min: 1, max: 4 }),
        f32: fc.boolean(),
        s: fc.double({ min: -3, max: 3, noNaN: true }),
      }),
      ({ m, k, n, f32, s }) => {
        const dtype = f32 ? 'float32' : 'float64';
        const x = values(m * k, 1, dtype, [m, k]);
        const w = values(k * n, 2, dtype, [k, n]);
        expect(bits(jf(x, w, s))).toEqual(bits(f(x, w, s)));
      },
      20,
    );
  });

  it('grad and valueAndGrad inside jit equal eager gradients, and the hand-derived ones', () => {
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor): Tensor =>
      mean(square(sub(add(mul(p.w, x), p.b), y)));
    const step = jit((p: { w: number; b: number }, x: Tensor, y: Tensor) =>
      valueAndGrad((q: { w: Tensor; b: Tensor }) => loss(q, x, y))(p),
    );
    const x = tensor([1, 2, 3]);
    const y = tensor([2, 4, 7]);
    const p = { w: 0.5, b: -1 };
    const [value, g] = step(p, x, y);
    const [value0, g0] = valueAndGrad((q: { w: Tensor; b: Tensor }) => loss(q, x, y))(p);
    expect(bits([value, g])).toEqual(bits([value0, g0]));
    // ∂/∂w mean((wx + b − y)²) = (2/n) Σ r·x, ∂/∂b = (2/n) Σ r, with r = wx + b − y = (−2.5, −4, −6.5).
    expect(g.w).toBeCloseTo((2 / 3) * (-2.5 * 1 - 4 * 2 - 6.5 * 3), 12);
    expect(g.b).toBeCloseTo((2 / 3) * (-2.5 - 4 - 6.5), 12);
    expect(typeof g.w).toBe('number');
  });

  it('a ReLU network step with softmax cross-entropy and Adam (tensor leaves, float32)', () => {
    type P = { w1: Tensor; w2: Tensor };
    const opt = adam({ lr: 0.01 });
    const x = values(12, 3, 'float32', [4, 3]);
    const labels = tensor([0, 1, 1, 0], { dtype: 'float32' });
    const eager = (p: P, s: ReturnType<typeof opt.init<P>>, xb: Tensor) => {
      const [l, g] = valueAndGrad((q: P) => softmaxCrossEntropy(matmul(relu(matmul(xb, q.w1)), q.w2), labels))(p);
      const [u, s2] = opt.update(g, s, p);
      return [applyUpdates(p, u), s2, l] as const;
    };
    const jitted = jit(eager);
    let pe: P = { w1: values(15, 4, 'float32', [3, 5]), w2: values(10, 5, 'float32', [5, 2]) };
    let se = opt.init(pe);
    let pj = pe;
    let sj = se;
    for (let i = 0; i < 5; i++) {
      const [p1, s1, l1] = eager(pe, se, x);
      const [p2, s2, l2] = jitted(pj, sj, x);
      expect(bits([p2, s2, l2])).toEqual(bits([p1, s1, l1]));
      [pe, se, pj, sj] = [p1, s1, p2, s2];
    }
  });
});

/**
 * Runs `steps` optimizer steps on the quadratic fit eagerly and jitted; returns both final [params, state]. With
 * traced numbers (the default here) one program serves every step; with static numbers each step traces again.
 */
const runBoth = <K>(opt: GradientTransformation<K>, steps: number, numbers: 'static' | 'traced' = 'traced') => {
  type P = { a: number; b: Tensor };
  const eager = (p: P, s: ReturnType<typeof opt.init<P>>, x: number, y: number) => {
    const g = grad((q: { a: Tensor; b: Tensor }) => sum(square(sub(add(mul(q.a, mul(x, x)), mul(q.b, x)), y))))(p);
    const [u, s2] = opt.update(g, s, p);
    return [applyUpdates(p, u), s2] as const;
  };
  const jitted = jit(eager, { numbers });
  const p0: P = { a: 0.5, b: tensor([0.1, -0.2], { dtype: 'float32' }) };
  let e = [p0, opt.init(p0)] as const;
  let j = e;
  for (let t = 0; t < steps; t++) {
    const x = Math.cos(t);
    e = eager(e[0], e[1], x, 3 * x * x - 1);
    j = jitted(j[0], j[1], x, 3 * x * x - 1);
  }
  return { e, j };
};

describe('jit: random programs', () => {
  it('rank-0 and larger tensors, float32 and float64, and numbers mixed give eager bits (values, gradients)', () => {
    property(
      fc.record({ ...programFields, n: fc.double({ min: -2, max: 2, noNaN: true }) }),
      ({ steps, shape, yRank0, dx, dy, n }) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const x = values(size, 7, dx, shape);
        const y = yRank0 ? values(1, 8, dy, []) : values(size, 8, dy, shape);
        const f = (xa: Tensor, ya: Tensor, na: number): Value[] => runProgram(steps, xa, ya, na);
        expect(bits(jit(f, { numbers: 'traced' })(x, y, n))).toEqual(bits(f(x, y, n)));
        expect(bits(jit(f)(x, y, n))).toEqual(bits(f(x, y, n)));
        // and their gradients: the backward pass traced inside jit gives the eager cotangents
        const df = (xa: Tensor, ya: Tensor, na: number) =>
          grad((p: { x: Tensor; y: Tensor; n: Tensor }) =>
            sum(runProgram(steps, p.x, p.y, p.n).reduce<Value>((acc, v) => add(acc, sum(v)), 0)),
          )({ x: xa, y: ya, n: na });
        expect(bits(jit(df, { numbers: 'traced' })(x, y, n))).toEqual(bits(df(x, y, n)));
        expect(bits(jit(df)(x, y, n))).toEqual(bits(df(x, y, n)));
      },
      60,
    );
  });
});

describe('jit: optimizer steps equal eager steps bit for bit (number and float32 leaves)', () => {
  const cases: [string, GradientTransformation<unknown>][] = [
    ['sgd', sgd({ lr: 0.01 })],
    ['sgd, weight decay, step-decay schedule', sgd({ lr: stepDecay({ init: 0.05, every: 3 }), weightDecay: 0.01 })],
    ['momentum', momentum({ lr: 0.01, momentum: 0.9 })],
    ['nesterov', sgd({ lr: 0.01, momentum: 0.9, nesterov: true })],
    ['emaMomentum', emaMomentum({ lr: 0.05, momentum: 0.9 })],
    ['rmsprop, centered', rmsprop({ lr: 0.01, centered: true })],
    ['adam, AMSGrad', adam({ lr: 0.01, amsgrad: true })],
    ['adamw, cosine decay', adamw({ lr: cosineDecay({ init: 0.05, decaySteps: 20 }), weightDecay: 0.1 })],
    ['adagrad', adagrad({ lr: 0.1 })],
    ['global-norm clipping (clips), adam', chain(clipByGlobalNorm(0.5), scaleByAdam(), scaleByLearningRate(0.01))],
    ['clipping by the global norm (within), sgd', chain(clipByGlobalNorm(1e6), scaleByLearningRate(0.01))],
  ];
  for (const [name, opt] of cases) {
    it(name, () => {
      const { e, j } = runBoth(opt, 30);
      expect(bits(j)).toEqual(bits(e));
      expect(typeof j[0].a).toBe('number');
      expect(j[0].b.dtype).toBe('float32');
    });
  }
  it('with static numbers (a trace per step), the same bits', () => {
    const { e, j } = runBoth(adam({ lr: 0.01 }), 5, 'static');
    expect(bits(j)).toEqual(bits(e));
  });
});

describe('jit: signatures', () => {
  it('traces once per signature: shape, dtype, structure and key set', () => {
    let traces = 0;
    const f = jit((p: Record<string, Tensor | number>) => {
      traces += 1;
      return Object.values(p).reduce<Tensor>((acc, v) => add(acc, sum(mul(v, v))), scalar(0));
    });
    const calls: Record<string, Tensor | number>[] = [
      { a: tensor([1, 2]) },
      { a: tensor([3, 4]) },
      { a: tensor([1, 2, 3]) },
      { a: tensor([1, 2], { dtype: 'float32' }) },
      { a: tensor([1, 2]), b: 3 },
      { a: tensor([1, 2]), c: 3 },
      { a: 2 },
      { a: tensor([5, 6]) },
    ];
    for (const p of calls) {
      const expected = Object.values(p).reduce<number>(
        (acc, v) => acc + (typeof v === 'number' ? v * v : Array.from(v.data).reduce((s, z) => s + z * z, 0)),
        0,
      );
      expect(item(f(p))).toBeCloseTo(expected, 5);
    }
    expect(traces).toBe(6); // every call but the second and the last has a new signature
  });

  it('keeps numbers numbers and passes constants and non-tensor values through', () => {
    const f = jit(
      (n: number, t: Tensor, tag: string) => ({ n: add(n, 1), m: n, t: mul(t, n), tag, k: 7, nothing: null }),
      { numbers: 'traced' },
    );
    const r = f(2, tensor([1, 2], { dtype: 'float32' }), 'x');
    expect(r.m).toBe(2);
    expect(item(r.n)).toBe(3);
    expect(r.t.dtype).toBe('float32'); // a number argument takes the dtype of the tensor it meets
    expect(Array.from(r.t.data)).toEqual([2, 4]);
    expect([r.tag, r.k, r.nothing]).toEqual(['x', 7, null]);
    expect(f(5, tensor([1, 2], { dtype: 'float32' }), 'y').tag).toBe('y'); // another string: another signature
  });

  it('branches with where, not with if', () => {
    const f = jit((x: Tensor) => where(greater(x, 0), x, mul(x, 0.1)));
    expect(Array.from(f(tensor([-1, 2])).data)).toEqual([-0.1, 2]);
  });

  it('inside grad, a jitted function runs as it is and is differentiated', () => {
    const cube = jit((x: Tensor) => mul(x, mul(x, x)));
    expect(item(grad((x: Tensor) => cube(x))(2))).toBe(12);
  });
});

describe('jit: what it refuses', () => {
  it('reading the value of a traced tensor names the problem', () => {
    const f = jit((x: Tensor) => (item(x) > 0 ? x : mul(x, -1)));
    expect(() => f(tensor(1))).toThrow(TracedValueError);
    expect(() => f(tensor(1))).toThrow(/use where\(\)/);
  });

  it('JavaScript arithmetic on a traced number', () => {
    const f = jit((n: number) => scalar(n * 2), { numbers: 'traced' });
    expect(() => f(3)).toThrow(TracedValueError);
  });

  it('a traced value kept after the call is refused when used', () => {
    let kept: Tensor | undefined;
    const f = jit((x: Tensor) => {
      kept = mul(x, 2);
      return x;
    });
    f(tensor([1]));
    expect(() => add(kept ?? scalar(0), 1)).toThrow(/leaked/);
  });

  it('optimizers that decide on values (gradient accumulation, the NaN guard) say so', () => {
    expect(() => runBoth(multiSteps(2, sgd({ lr: 0.1 })), 2)).toThrow(TracedValueError);
    expect(() => runBoth(applyIfFinite(sgd({ lr: 0.1 })), 2)).toThrow(TracedValueError);
  });
});
