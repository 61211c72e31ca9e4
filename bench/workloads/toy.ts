/**
 * (f) The seeds' toy problems, per-sample training, µs per optimizer step (one gradient and one update per
 * sample; a timed call is one pass over the samples):
 * - y = 2x: one weight w, loss (w·x − y)², plain SGD;
 * - the quadratic fit y = 3x² − 2x + 1: three weights, loss (a·x² + b·x + c − y)², with SGD, momentum,
 *   RMSProp and Adam.
 * The hand-written loop uses hand-derived gradients; every other peer differentiates the loss. gradfold's own
 * figure is the jitted step; 'gradfold-eager' is the same step without jit.
 */
import { type Tensor, add, grad, jit, mul, square, sub } from 'gradfold';
import {
  type GradientTransformation,
  type StateOf,
  adam,
  applyUpdates,
  momentum,
  rmsprop,
  sgd,
} from '../../src/optim/index.ts';
import { keep, randomValues } from '../data.ts';
import type { Case, Metric } from '../harness.ts';
import { Value } from '../peers/micrograd.ts';
import { type TfBackend, tfPeer, useTf } from '../peers/tf.ts';
import { ALPHA, BETA, BETA2, EPS, LR, type ToyOptimizer, handOptimizer } from './toy-hand.ts';

/** A toy problem: its parameters, the model's prediction and the targets. */
interface Problem {
  readonly name: string;
  readonly k: number;
  readonly target: (x: number) => number;
}

const line: Problem = { name: 'y=2x', k: 1, target: (x) => 2 * x };
const quadratic: Problem = { name: 'quadratic', k: 3, target: (x) => 3 * x * x - 2 * x + 1 };

/** ∂/∂θ (f(x) − y)² by hand: 2r·(x) for the line, 2r·(x², x, 1) for the quadratic. */
const handGrad = (k: number, p: Float64Array, x: number, y: number, g: Float64Array): void => {
  if (k === 1) {
    g[0] = 2 * (p[0]! * x - y) * x;
    return;
  }
  const r = 2 * (p[0]! * x * x + p[1]! * x + p[2]! - y);
  g[0] = r * x * x;
  g[1] = r * x;
  g[2] = r;
};

/** Calls `f` with gradfold's optimizer of a kind (PyTorch's conventions, the shared constants). */
const withOptimizer = <R>(kind: ToyOptimizer, f: <K>(opt: GradientTransformation<K>) => R): R => {
  switch (kind) {
    case 'sgd':
      return f(sgd({ lr: LR }));
    case 'momentum':
      return f(momentum({ lr: LR, momentum: BETA }));
    case 'rmsprop':
      return f(rmsprop({ lr: LR, alpha: ALPHA, eps: EPS }));
    case 'adam':
      return f(adam({ lr: LR, beta1: BETA, beta2: BETA2, eps: EPS }));
  }
};

/** The model's residual f(θ, x) − y for each toy problem, written with gradfold ops. */
type Params = { readonly [k: string]: number };
type Traced = { readonly [k: string]: Tensor };
const residual = (k: number, p: Traced, x: number, y: number): Tensor =>
  k === 1 ? sub(mul(p.w ?? 0, x), y) : sub(add(add(mul(p.a ?? 0, mul(x, x)), mul(p.b ?? 0, x)), p.c ?? 0), y);

/**
 * One per-sample step: g = grad((θ ↦ (f(θ, x) − y)²))(θ), then the optimizer's update and applyUpdates. The
 * same function runs eagerly ('gradfold-eager') and jitted ('gradfold': traced once, then a generated program
 * per call), so the two peers differ only by jit.
 */
const toyStep =
  <K>(k: number, opt: GradientTransformation<K>) =>
  (params: Params, state: StateOf<K, Params>, x: number, y: number): readonly [Params, StateOf<K, Params>] => {
    const g = grad((p: Traced) => square(residual(k, p, x, y)))(params);
    const [u, s] = opt.update(g, state, params);
    return [applyUpdates(params, u), s];
  };

/** Per-sample gradfold training over the samples, with the step eager or jitted. */
const gradfoldToy =
  (k: number, xs: Float64Array, ys: Float64Array, jitted: boolean) =>
  <K>(opt: GradientTransformation<K>): (() => unknown) => {
    let params: Params = k === 1 ? { w: 0 } : { a: 0, b: 0, c: 0 };
    let state = opt.init(params);
    const eager = toyStep(k, opt);
    const step = jitted ? jit(eager, { numbers: 'traced' }) : eager; // per-sample numbers: one program for all
    return () => {
      for (let i = 0; i < xs.length; i++) {
        const next = step(params, state, xs[i]!, ys[i]!);
        params = next[0];
        state = next[1];
      }
      return params;
    };
  };

/** The cases of workload (f) over n samples. */
export const toyCases = (n: number): Case[] => {
  const xs = randomValues(n, 21);
  const runs: [Problem, ToyOptimizer][] = [
    [line, 'sgd'],
    [quadratic, 'sgd'],
    [quadratic, 'momentum'],
    [quadratic, 'rmsprop'],
    [quadratic, 'adam'],
  ];
  return runs.flatMap(([problem, kind]): Case[] => {
    const ys = xs.map(problem.target);
    const workload = `f ${problem.name} ${kind}`;
    const size = `samples=${n}`;
    const metric: Metric = { kind: 'time', unit: 'µs/step', nsPerUnit: 1000 * n };
    const base = { workload, size, metric };
    const tfCase = (backend: TfBackend): Case => {
      let dispose = (): void => {};
      return {
        ...base,
        peer: tfPeer(backend),
        setup: async () => {
          const tf = await useTf(backend);
          const ps = Array.from({ length: problem.k }, () => tf.variable(tf.scalar(0)));
          const opt =
            kind === 'sgd'
              ? tf.train.sgd(LR)
              : kind === 'momentum'
                ? tf.train.momentum(LR, BETA)
                : kind === 'rmsprop'
                  ? tf.train.rmsprop(LR, ALPHA, 0, EPS)
                  : tf.train.adam(LR, BETA, BETA2, EPS);
          const xt = Array.from(xs, (v) => tf.scalar(v));
          const yt = Array.from(ys, (v) => tf.scalar(v));
          dispose = () => {
            tf.dispose([...ps, ...xt, ...yt]);
            opt.dispose();
          };
          const [a, b, c] = ps;
          return () => {
            for (let i = 0; i < n; i++) {
              const x = xt[i]!;
              const y = yt[i]!;
              opt.minimize(() => {
                const pred =
                  problem.k === 1 || b === undefined || c === undefined
                    ? tf.mul(a!, x)
                    : tf.add(tf.add(tf.mul(a!, tf.mul(x, x)), tf.mul(b, x)), c);
                return tf.sum(tf.square(tf.sub(pred, y)));
              });
            }
            keep(ps.map((p) => p.dataSync()[0]));
          };
        },
        teardown: () => dispose(),
      };
    };
    return [
      {
        ...base,
        peer: 'gradfold',
        setup: () => withOptimizer(kind, gradfoldToy(problem.k, xs, ys, true)),
      },
      {
        ...base,
        peer: 'gradfold-eager',
        setup: () => withOptimizer(kind, gradfoldToy(problem.k, xs, ys, false)),
      },
      {
        ...base,
        peer: 'hand',
        setup: () => {
          const p = new Float64Array(problem.k);
          const g = new Float64Array(problem.k);
          const step = handOptimizer(kind, problem.k);
          return () => {
            for (let i = 0; i < n; i++) {
              handGrad(problem.k, p, xs[i]!, ys[i]!, g);
              step(p, g);
            }
            keep(p);
          };
        },
      },
      {
        ...base,
        peer: 'naive',
        setup: () => {
          const p = new Float64Array(problem.k);
          const g = new Float64Array(problem.k);
          const step = handOptimizer(kind, problem.k);
          return () => {
            for (let i = 0; i < n; i++) {
              const x = xs[i]!;
              const vs = Array.from(p, (v) => new Value(v));
              const [a, b, c] = vs;
              if (a === undefined) break;
              const pred =
                problem.k === 1 || b === undefined || c === undefined
                  ? a.mul(x)
                  : a
                      .mul(x * x)
                      .add(b.mul(x))
                      .add(c);
              const r = pred.sub(ys[i]!);
              r.mul(r).backward();
              vs.forEach((v, j) => (g[j] = v.grad));
              step(p, g);
            }
            keep(p);
          };
        },
      },
      tfCase('cpu'),
      tfCase('wasm'),
    ];
  });
};
