/**
 * The optimizers' fused steps on the WebAssembly backend: 30 steps of every routed optimizer on random float32
 * and float64 trees (odd sizes, sizes below and above the kernels' thresholds) give the same bits on the 'wasm'
 * and the 'js' backend, and the same bits as plain loops written here from the formulas, in the passes' order
 * (float32: every operation rounded, constants rounded once). NaN is compared as NaN (its payload is not part
 * of the contract).
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DType } from '../../src/core/dtype.ts';
import { type Tensor, tensor } from '../../src/core/tensor.ts';
import {
  type GradientTransformation,
  adagrad,
  adam,
  adamw,
  applyUpdates,
  chain,
  emaMomentum,
  momentum,
  rmsprop,
  scaleByAdagrad,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  sgd,
  trace,
} from '../../src/optim/index.ts';
import { addDecayedWeights, coupledWeightDecay } from '../../src/optim/transforms/weight-decay.ts';
import { type Backend, computeInfo, configureCompute } from '../../src/wasm/config.ts';
import { minWasmLength, wasmAdam } from '../../src/wasm/optim.ts';

type Params = Readonly<Record<string, Tensor>>;
type Rounding = (x: number) => number;
const STEPS = 30;

/** A seeded generator of uniform numbers in [lo, hi) (mulberry32). */
const generator = (seed: number): ((lo: number, hi: number) => number) => {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
};

/** Leaf sizes: small (JavaScript, or the kernels from 64), odd, and above every threshold (the kernels). */
const sizesArb = fc.array(
  fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: minWasmLength.adam.float32, max: minWasmLength.adam.float64 + 700 }),
  ),
  { minLength: 1, maxLength: 3 },
);

const caseArb = fc.record({ sizes: sizesArb, seed: fc.integer({ min: 1, max: 2 ** 30 }), cols: fc.constantFrom(1, 3) });

interface Case {
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly cols: number;
}

/** Leaf i of a case: a matrix [n, cols] when cols divides n, else a vector. */
const shapeOf = (n: number, cols: number): number[] => (n % cols === 0 && cols > 1 ? [n / cols, cols] : [n]);

/** A tree of the case's leaves holding seeded values in [−range, range). */
const treeOf = (c: Case, dtype: DType, seed: number, range: number): Params => {
  const rand = generator(seed);
  const leaf = (n: number): Tensor =>
    tensor(
      Float64Array.from({ length: n }, () => rand(-range, range)),
      { dtype, shape: shapeOf(n, c.cols) },
    );
  return Object.fromEntries(c.sizes.map((n, i) => [`p${i}`, leaf(n)]));
};

/** The initial parameters: seeded values in [−1, 1). */
const paramsOf = (c: Case, dtype: DType): Params => treeOf(c, dtype, c.seed, 1);

/** The gradient of step t (1-based): seeded values in [−2, 2). */
const gradOf = (c: Case, dtype: DType, t: number): Params => treeOf(c, dtype, c.seed * 31 + t, 2);

/** The parameters after each of STEPS steps of `opt` on backend `backend`. */
const run = <K>(opt: GradientTransformation<K>, c: Case, dtype: DType, backend: Backend): Params[] => {
  configureCompute({ backend });
  let params = paramsOf(c, dtype);
  let state = opt.init(params);
  const path: Params[] = [];
  for (let t = 1; t <= STEPS; t++) {
    const [u, next] = opt.update(gradOf(c, dtype, t), state, params);
    params = applyUpdates(params, u);
    state = next;
    path.push(params);
  }
  return path;
};

/** Same bits, NaN as NaN (a NaN's sign and payload are not compared). */
const sameBits = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Object.is(a, b);

const expectSamePaths = (
  actual: readonly Params[],
  expected: readonly (readonly Float64Array[])[],
  what: string,
): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((params, t) => {
    Object.values(params).forEach((leaf, i) => {
      const want = expected[t]?.[i];
      if (want === undefined) throw new Error('reference too short');
      const bad = Array.from(leaf.data).findIndex((v, j) => !sameBits(v, want[j] ?? NaN));
      if (bad >= 0) expect.fail(`${what}: step ${t + 1}, leaf ${i}, element ${bad}: ${leaf.data[bad]} vs ${want[bad]}`);
    });
  });
};

/**
 * A reference optimizer on one leaf's elements: `step(p, g, t)` updates the parameters p in place from the
 * gradient g at step t (1-based), keeping its own state.
 */
type LeafReference = (p: Float64Array, g: readonly number[], t: number) => void;

/** The reference's path: the parameters after each step, leaf by leaf (values as the dtype holds them). */
const referencePath = (c: Case, dtype: DType, make: (r: Rounding, n: number) => LeafReference): Float64Array[][] => {
  const r: Rounding = dtype === 'float32' ? Math.fround : (x) => x;
  const params = Object.values(paramsOf(c, dtype)).map((l) => Float64Array.from(l.data));
  const refs = params.map((p) => make(r, p.length));
  const path: Float64Array[][] = [];
  for (let t = 1; t <= STEPS; t++) {
    const grads = Object.values(gradOf(c, dtype, t));
    params.forEach((p, i) => refs[i]?.(p, Array.from(grads[i]?.data ?? []), t));
    path.push(params.map((p) => Float64Array.from(p)));
  }
  return path;
};

/* The reference loops: each line is one pass of the transform it names, each operation rounded by r. */

const refAdam =
  (o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean; amsgrad: boolean }) =>
  (r: Rounding, n: number): LeafReference => {
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    const vmax = new Float64Array(n);
    const [b1, ob1, b2, ob2, eps, wd, s] = [r(o.b1), r(1 - o.b1), r(o.b2), r(1 - o.b2), r(o.eps), r(o.wd), r(-o.lr)];
    return (p, g, t) => {
      const bc1 = r(1 - o.b1 ** t);
      const bc2 = r(Math.sqrt(1 - o.b2 ** t));
      for (let i = 0; i < n; i++) {
        let gi = g[i] ?? NaN;
        if (o.wd !== 0 && !o.decoupled) gi = r(gi + r((p[i] ?? NaN) * wd)); // coupledWeightDecay
        m[i] = r(r((m[i] ?? NaN) * b1) + r(gi * ob1)); // scaleByAdam
        v[i] = r(r((v[i] ?? NaN) * b2) + r(r(gi * gi) * ob2));
        let w = v[i] ?? NaN;
        if (o.amsgrad) {
          const old = vmax[i] ?? NaN;
          w = old > w || Number.isNaN(old) ? old : w;
          vmax[i] = w;
        }
        let u = r(r((m[i] ?? NaN) / bc1) / r(r(r(Math.sqrt(w)) / bc2) + eps));
        if (o.wd !== 0 && o.decoupled) u = r(u + r((p[i] ?? NaN) * wd)); // addDecayedWeights
        u = r(u * s); // scaleByLearningRate
        p[i] = r((p[i] ?? NaN) + u); // applyUpdates
      }
    };
  };

const refSgd =
  (o: { lr: number; mu: number; dampening: number; nesterov: boolean; wd: number }) =>
  (r: Rounding, n: number): LeafReference => {
    const b = new Float64Array(n);
    const [mu, omd, wd, s] = [r(o.mu), r(1 - o.dampening), r(o.wd), r(-o.lr)];
    return (p, g, t) => {
      for (let i = 0; i < n; i++) {
        let gi = g[i] ?? NaN;
        if (o.wd !== 0) gi = r(gi + r((p[i] ?? NaN) * wd)); // coupledWeightDecay
        let d = gi;
        if (o.mu !== 0) {
          b[i] = t === 1 ? gi : r(r((b[i] ?? NaN) * mu) + r(gi * omd)); // trace
          d = o.nesterov ? r(gi + r((b[i] ?? NaN) * mu)) : (b[i] ?? NaN);
        }
        p[i] = r((p[i] ?? NaN) + r(d * s)); // scaleByLearningRate, applyUpdates
      }
    };
  };

const refRmsprop =
  (o: { lr: number; alpha: number; eps: number; wd: number; mu: number; centered: boolean; inside: boolean }) =>
  (r: Rounding, n: number): LeafReference => {
    const nu = new Float64Array(n);
    const avg = new Float64Array(n);
    const b = new Float64Array(n);
    const [a, oa, eps, wd, mu, s] = [r(o.alpha), r(1 - o.alpha), r(o.eps), r(o.wd), r(o.mu), r(-o.lr)];
    return (p, g, t) => {
      for (let i = 0; i < n; i++) {
        let gi = g[i] ?? NaN;
        if (o.wd !== 0) gi = r(gi + r((p[i] ?? NaN) * wd)); // coupledWeightDecay
        nu[i] = r(r((nu[i] ?? NaN) * a) + r(r(gi * gi) * oa)); // scaleByRms
        let variance = nu[i] ?? NaN;
        if (o.centered) {
          avg[i] = r(r((avg[i] ?? NaN) * a) + r(gi * oa));
          variance = r(variance - r((avg[i] ?? NaN) * (avg[i] ?? NaN)));
        }
        const denom = o.inside ? r(Math.sqrt(r(variance + eps))) : r(r(Math.sqrt(variance)) + eps);
        let d = r(gi / denom);
        if (o.mu !== 0) {
          b[i] = t === 1 ? d : r(r((b[i] ?? NaN) * mu) + d); // trace (dampening 0: d·1 = d)
          d = b[i] ?? NaN;
        }
        p[i] = r((p[i] ?? NaN) + r(d * s)); // scaleByLearningRate, applyUpdates
      }
    };
  };

const refAdagrad =
  (o: { lr: number; lrDecay: number; eps: number; wd: number; init: number }) =>
  (r: Rounding, n: number): LeafReference => {
    const sum = new Float64Array(n).fill(r(o.init));
    const [eps, wd] = [r(o.eps), r(o.wd)];
    return (p, g, t) => {
      const s = r(-(o.lr / (1 + (t - 1) * o.lrDecay)));
      for (let i = 0; i < n; i++) {
        let gi = g[i] ?? NaN;
        if (o.wd !== 0) gi = r(gi + r((p[i] ?? NaN) * wd)); // coupledWeightDecay
        sum[i] = r((sum[i] ?? NaN) + r(gi * gi)); // scaleByAdagrad
        const d = r(gi / r(r(Math.sqrt(sum[i] ?? NaN)) + eps));
        p[i] = r((p[i] ?? NaN) + r(d * s)); // scaleByLearningRate, applyUpdates
      }
    };
  };

const refEma =
  (o: { lr: number; beta: number; debias: boolean }) =>
  (r: Rounding, n: number): LeafReference => {
    const v = new Float64Array(n);
    const [beta, ob, s] = [r(o.beta), r(1 - o.beta), r(-o.lr)];
    return (p, g, t) => {
      const c = r(1 - o.beta ** t);
      for (let i = 0; i < n; i++) {
        v[i] = r(r((v[i] ?? NaN) * beta) + r((g[i] ?? NaN) * ob)); // ema
        const d = o.debias ? r((v[i] ?? NaN) / c) : (v[i] ?? NaN);
        p[i] = r((p[i] ?? NaN) + r(d * s)); // scaleByLearningRate, applyUpdates
      }
    };
  };

interface Routed {
  readonly name: string;
  readonly opt: () => GradientTransformation<unknown>;
  readonly reference: (r: Rounding, n: number) => LeafReference;
}

const A = { lr: 1e-2, b1: 0.9, b2: 0.999, eps: 1e-8 };

const routed: readonly Routed[] = [
  {
    name: 'adam',
    opt: () => adam({ lr: 1e-2 }),
    reference: refAdam({ ...A, wd: 0, decoupled: false, amsgrad: false }),
  },
  {
    name: 'adam, AMSGrad, coupled weight decay',
    opt: () => adam({ lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, amsgrad: true }),
    reference: refAdam({ lr: 1e-2, b1: 0.8, b2: 0.99, eps: 1e-6, wd: 0.1, decoupled: false, amsgrad: true }),
  },
  {
    name: 'adamw',
    opt: () => adamw({ lr: 1e-2 }),
    reference: refAdam({ ...A, wd: 1e-2, decoupled: true, amsgrad: false }),
  },
  {
    name: 'adamw, AMSGrad',
    opt: () => adamw({ lr: 3e-3, weightDecay: 0.3, amsgrad: true }),
    reference: refAdam({ ...A, lr: 3e-3, wd: 0.3, decoupled: true, amsgrad: true }),
  },
  {
    name: 'adam as its chain written by hand',
    opt: () => chain(coupledWeightDecay(0.05), scaleByAdam({ amsgrad: true }), scaleByLearningRate(1e-2)),
    reference: refAdam({ ...A, wd: 0.05, decoupled: false, amsgrad: true }),
  },
  {
    name: 'adamw as its chain written by hand',
    opt: () => chain(scaleByAdam(), addDecayedWeights(0.05), scaleByLearningRate(1e-2)),
    reference: refAdam({ ...A, wd: 0.05, decoupled: true, amsgrad: false }),
  },
  {
    name: 'sgd',
    opt: () => sgd({ lr: 0.05 }),
    reference: refSgd({ lr: 0.05, mu: 0, dampening: 0, nesterov: false, wd: 0 }),
  },
  {
    name: 'sgd with momentum, dampening, weight decay',
    opt: () => sgd({ lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 }),
    reference: refSgd({ lr: 0.05, mu: 0.8, dampening: 0.3, nesterov: false, wd: 0.01 }),
  },
  {
    name: 'sgd with weight decay, no momentum',
    opt: () => sgd({ lr: 0.05, weightDecay: 0.1 }),
    reference: refSgd({ lr: 0.05, mu: 0, dampening: 0, nesterov: false, wd: 0.1 }),
  },
  {
    name: 'sgd, Nesterov, weight decay',
    opt: () => sgd({ lr: 0.03, momentum: 0.7, nesterov: true, weightDecay: 0.05 }),
    reference: refSgd({ lr: 0.03, mu: 0.7, dampening: 0, nesterov: true, wd: 0.05 }),
  },
  {
    name: 'sgd as its chain written by hand',
    opt: () => chain(coupledWeightDecay(0.05), trace({ momentum: 0.6, dampening: 0.2 }), scaleByLearningRate(0.04)),
    reference: refSgd({ lr: 0.04, mu: 0.6, dampening: 0.2, nesterov: false, wd: 0.05 }),
  },
  {
    name: 'momentum, Nesterov',
    opt: () => momentum({ lr: 0.02, momentum: 0.9, nesterov: true }),
    reference: refSgd({ lr: 0.02, mu: 0.9, dampening: 0, nesterov: true, wd: 0 }),
  },
  {
    name: 'rmsprop',
    opt: () => rmsprop({ lr: 1e-2 }),
    reference: refRmsprop({ lr: 1e-2, alpha: 0.99, eps: 1e-8, wd: 0, mu: 0, centered: false, inside: false }),
  },
  {
    name: 'rmsprop, centered, momentum, weight decay',
    opt: () => rmsprop({ lr: 1e-3, alpha: 0.9, centered: true, momentum: 0.5, weightDecay: 0.01 }),
    reference: refRmsprop({ lr: 1e-3, alpha: 0.9, eps: 1e-8, wd: 0.01, mu: 0.5, centered: true, inside: false }),
  },
  {
    name: 'rmsprop, ε inside the root',
    opt: () => rmsprop({ lr: 1e-3, eps: 1e-4, epsInsideSqrt: true }),
    reference: refRmsprop({ lr: 1e-3, alpha: 0.99, eps: 1e-4, wd: 0, mu: 0, centered: false, inside: true }),
  },
  {
    name: 'rmsprop, centered, ε inside the root, momentum',
    opt: () => rmsprop({ lr: 2e-3, alpha: 0.95, eps: 1e-3, centered: true, epsInsideSqrt: true, momentum: 0.9 }),
    reference: refRmsprop({ lr: 2e-3, alpha: 0.95, eps: 1e-3, wd: 0, mu: 0.9, centered: true, inside: true }),
  },
  {
    name: 'rmsprop as its chain written by hand',
    opt: () =>
      chain(
        coupledWeightDecay(0.02),
        scaleByRms({ alpha: 0.9, centered: true }),
        trace({ momentum: 0.5 }),
        scaleByLearningRate(1e-3),
      ),
    reference: refRmsprop({ lr: 1e-3, alpha: 0.9, eps: 1e-8, wd: 0.02, mu: 0.5, centered: true, inside: false }),
  },
  {
    name: 'adagrad',
    opt: () => adagrad({ lr: 0.1 }),
    reference: refAdagrad({ lr: 0.1, lrDecay: 0, eps: 1e-10, wd: 0, init: 0 }),
  },
  {
    name: 'adagrad as its chain written by hand',
    opt: () => chain(coupledWeightDecay(0.02), scaleByAdagrad({ initialAccumulator: 0.5 }), scaleByLearningRate(0.1)),
    reference: refAdagrad({ lr: 0.1, lrDecay: 0, eps: 1e-10, wd: 0.02, init: 0.5 }),
  },
  {
    name: 'adagrad, lr decay, initial accumulator, weight decay',
    opt: () => adagrad({ lr: 0.1, lrDecay: 0.01, initialAccumulator: 0.1, weightDecay: 0.02 }),
    reference: refAdagrad({ lr: 0.1, lrDecay: 0.01, eps: 1e-10, wd: 0.02, init: 0.1 }),
  },
  {
    name: 'emaMomentum, debiased',
    opt: () => emaMomentum({ lr: 0.05, momentum: 0.9, biasCorrection: true }),
    reference: refEma({ lr: 0.05, beta: 0.9, debias: true }),
  },
];

describe('optimizer steps: WebAssembly = JavaScript = the formulas, bit for bit', () => {
  let before: Backend = 'wasm';
  beforeEach(() => {
    before = computeInfo().backend;
  });
  afterEach(() => {
    configureCompute({ backend: before });
  });

  it('the kernels are on: a leaf above the threshold takes WebAssembly, the js backend does not', () => {
    const n = minWasmLength.adam.float64 + 3;
    const a = new Float64Array(n).fill(0.5);
    const k = { b1: 0.9, ob1: 0.1, b2: 0.999, ob2: 0.001, bc1: 0.1, bc2: 0.03, eps: 1e-8, wd: 0, s: 1 };
    configureCompute({ backend: 'wasm' });
    expect(computeInfo().backend).toBe('wasm');
    expect(wasmAdam(a, a, null, a, null, k, 0)).not.toBeNull();
    configureCompute({ backend: 'js' });
    expect(wasmAdam(a, a, null, a, null, k, 0)).toBeNull();
  });

  for (const dtype of ['float32', 'float64'] as const) {
    for (const o of routed) {
      it(`${o.name}, ${dtype}: ${STEPS} steps`, () => {
        fc.assert(
          fc.property(caseArb, (c) => {
            const wasm = run(o.opt(), c, dtype, 'wasm');
            const js = run(o.opt(), c, dtype, 'js');
            const expected = referencePath(c, dtype, o.reference);
            expectSamePaths(wasm, expected, 'wasm vs the formulas');
            expectSamePaths(js, expected, 'js vs the formulas');
          }),
          { numRuns: 4 },
        );
      });
    }
  }

  it("AMSGrad's maximum keeps an old NaN or ∞ (v̄ = old when old > v or old is NaN), on both backends", () => {
    const n = minWasmLength.adam.float64 + 5;
    for (const dtype of ['float32', 'float64'] as const) {
      const [wasm, js] = (['wasm', 'js'] as const).map((backend) => {
        configureCompute({ backend });
        const opt = adam({ amsgrad: true });
        const p = { w: tensor(new Float64Array(n).fill(1), { dtype }) };
        const [s0, s1, s2] = opt.init(p);
        const old = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? NaN : i % 5 === 1 ? Infinity : 0));
        const state = [s0, { ...s1, nuMax: { w: tensor(old, { dtype }) } }, s2] as const;
        const [u, next] = opt.update({ w: tensor(new Float64Array(n).fill(0.5), { dtype }) }, state, p);
        return { u: u.w.data, vmax: next[1].nuMax?.w.data ?? new Float64Array(0) };
      });
      if (wasm === undefined || js === undefined) throw new Error('missing result');
      expect(Array.from(wasm.vmax).every((v, i) => sameBits(v, js.vmax[i] ?? NaN))).toBe(true);
      expect(Array.from(wasm.u).every((v, i) => sameBits(v, js.u[i] ?? NaN))).toBe(true);
      const seen = [Number.isNaN(wasm.vmax[3]), wasm.vmax[1], Number.isNaN(wasm.u[3]), Object.is(wasm.u[1], -0)];
      expect(seen).toEqual([true, Infinity, true, true]);
      expect(wasm.vmax[0]).toBeGreaterThan(0);
    }
  });

  it('trees with number leaves take the chain pass by pass (tensor leaves by kernel) and match the formulas', () => {
    for (const backend of ['wasm', 'js'] as const) {
      configureCompute({ backend });
      const opt = adamw({ lr: 0.1, weightDecay: 0.1 });
      let p = { w: tensor(new Float64Array(minWasmLength.adam.float64 + 1).fill(1)), s: 1 };
      let state = opt.init(p);
      const ref = refAdam({ ...A, lr: 0.1, wd: 0.1, decoupled: true, amsgrad: false })((x) => x, 1);
      const x = Float64Array.of(1);
      for (let t = 1; t <= 5; t++) {
        const [u, s2] = opt.update({ w: tensor(new Float64Array(p.w.data.length).fill(0.5)), s: 0.5 }, state, p);
        p = applyUpdates(p, u);
        state = s2;
        ref(x, [0.5], t);
        expect(Object.is(p.s, x[0])).toBe(true);
        expect(Object.is(p.w.data[7], x[0])).toBe(true);
      }
    }
  });
});
