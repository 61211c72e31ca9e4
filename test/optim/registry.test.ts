/**
 * The Optax-style test list: every optimizer of the registry (`optimizerNames`, each built by `fromConfig`) is run
 * through the same checks. init and update are pure (inputs unchanged, the same result twice); a jitted step
 * (numbers traced) gives the eager bits over several steps in float32 and float64; the state survives JSON and a
 * checkpoint; the config survives its codec; it converges on a bowl and on Rosenbrock; and it matches PyTorch's
 * update equations for 50 steps where PyTorch has the optimizer. Its rows (registry-rows.ts) must name every
 * registered optimizer, or this does not compile.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  decodeCheckpoint,
  emptyHistory,
  encodeCheckpoint,
  grad,
  jit,
  key,
  mul,
  square,
  sub,
  sum,
  tensor,
} from '../../src/index.ts';
import {
  type ConfiguredKind,
  type GradientTransformation,
  type OptState,
  AdafactorConfig,
  applyUpdates,
  decodeOptimizerConfig,
  fromConfig,
  optimizerNames,
} from '../../src/optim/index.ts';
import { registry } from '../../src/optim/registry.ts';
import { type Run, rows } from './registry-rows.ts';
import {
  bowlGrad,
  bowlLoss,
  bowlStart,
  expectPathsClose,
  flat,
  rosenGrad,
  rosenLoss,
  rosenStart,
  runOptimizer,
  sameAs,
} from './reference.ts';
import { bits } from '../helpers.ts';

const deepFreeze = (x: unknown): void => {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
};

/** The bowl and Rosenbrock as trees, with their gradients written by hand (reference.ts). */
const bowl0 = { w: tensor([...bowlStart]) };
const bowlGradient = (p: { readonly w: Tensor }) => ({ w: tensor(bowlGrad(Array.from(p.w.data))) });
const rosen0 = { x: rosenStart[0] ?? NaN, y: rosenStart[1] ?? NaN };
const rosenGradient = (p: { readonly x: number; readonly y: number }) => {
  const [x = NaN, y = NaN] = rosenGrad([p.x, p.y]);
  return { x, y };
};

/** A model with a matrix, a vector and a number, in one dtype: the loss Σ aᵢ(θᵢ − cᵢ)² + (s − 1)² (by `grad`). */
type Model = { readonly m: Tensor; readonly v: Tensor; readonly s: number };
const model = (dtype: 'float32' | 'float64'): Model => ({
  m: tensor(
    [
      [1, -2, 0.5],
      [3, 0.25, -1],
    ],
    { dtype },
  ),
  v: tensor([0.5, -1.5, 2], { dtype }),
  s: 0.75,
});
const modelLoss = (p: { m: Tensor; v: Tensor; s: Tensor }, x: number): Tensor =>
  add(add(sum(mul(x, square(sub(p.m, 0.5)))), sum(square(sub(p.v, x)))), square(sub(p.s, 1)));

const rowOf = (name: (typeof optimizerNames)[number]) => rows[name];

describe('the test list names every registered optimizer', () => {
  it('one row per registry entry, in the registry’s order', () => {
    expect(Object.keys(rows)).toEqual(optimizerNames);
    expect(optimizerNames).toContain('lion');
    expect(optimizerNames).toContain('adafactor');
  });
});

describe.each(optimizerNames.map((name) => [name] as const))('%s', (name) => {
  const row = rowOf(name);
  const make = (): GradientTransformation<ConfiguredKind> => fromConfig(row.bowl.config);

  it('init and update are pure: inputs unchanged, the same result twice', () => {
    const opt = make();
    const params = model('float64');
    const g = {
      m: tensor([
        [0.3, -0.1, 0.2],
        [0.4, -0.5, 0.05],
      ]),
      v: tensor([1, -1, 0.5]),
      s: -0.7,
    };
    deepFreeze(params);
    deepFreeze(g);
    const before = bits({ params, g });
    let state = opt.init(params);
    expect(bits(opt.init(params))).toEqual(bits(state));
    for (let t = 0; t < 3; t++) {
      deepFreeze(state);
      const stateBefore = bits(state);
      const first = opt.update(g, state, params);
      const second = opt.update(g, state, params);
      expect(bits(second)).toEqual(bits(first));
      expect(bits(state)).toEqual(stateBefore);
      expect(bits({ params, g })).toEqual(before);
      state = first[1];
    }
  });

  it.each(['float32', 'float64'] as const)(
    'a jitted step (numbers traced) gives the eager bits over 6 steps, %s',
    (dtype) => {
      const opt = make();
      const step = (p: Model, s: OptState<typeof opt, Model>, x: number) => {
        const g = grad((q: { m: Tensor; v: Tensor; s: Tensor }) => modelLoss(q, x))(p);
        const [u, s2] = opt.update(g, s, p);
        return [applyUpdates(p, u), s2] as const;
      };
      const jitted = jit(step, { numbers: 'traced' });
      const p0 = model(dtype);
      let e = [p0, opt.init(p0)] as const;
      let j = e;
      for (let t = 0; t < 6; t++) {
        const x = Math.cos(t) + 1.5;
        e = step(e[0], e[1], x);
        j = jitted(j[0], j[1], x);
        expect(bits(j)).toEqual(bits(e));
      }
      expect(e[0].m.dtype).toBe(dtype);
      expect(typeof j[0].s).toBe('number');
    },
  );

  it('the state survives JSON (number leaves) and a checkpoint (tensor leaves)', () => {
    const opt = make();
    const p = { w: [0.5, -1.5], b: 0.25 };
    let state = opt.init(p);
    const gAt = (t: number) => ({ w: [Math.sin(t), Math.cos(t)], b: 0.1 * (t - 2) });
    for (let t = 0; t < 3; t++) state = opt.update(gAt(t), state, p)[1];
    const revived: unknown = JSON.parse(JSON.stringify(state));
    if (!sameAs(revived, state)) return expect.fail('the state changed through JSON');
    expect(bits(opt.update(gAt(3), revived, p))).toEqual(bits(opt.update(gAt(3), state, p)));

    const params = model('float64');
    const template = { params, optState: opt.init(params), key: key(0), step: 0, epoch: 0, batch: 0 };
    const g = {
      m: tensor([
        [0.3, -0.1, 0.2],
        [0.4, -0.5, 0.05],
      ]),
      v: tensor([1, -1, 0.5]),
      s: -0.7,
    };
    const mid = opt.update(g, opt.update(g, template.optState, params)[1], params)[1];
    const text = encodeCheckpoint({ carry: { ...template, optState: mid, step: 2 }, history: emptyHistory });
    const decoded = decodeCheckpoint(text, template);
    if (E.isLeft(decoded)) return expect.fail(decoded.left);
    expect(bits(decoded.right.carry.optState)).toEqual(bits(mid));
  });

  it('the config survives its codec and JSON', () => {
    for (const c of [row.bowl.config, row.rosen.config, { name }]) {
      expect(decodeOptimizerConfig(JSON.parse(JSON.stringify(c)))).toEqual(E.right(c));
      expect(registry[name].decode(c)).toEqual(E.right(c));
    }
  });

  it('every field of its config is an option of its alias (a valid value of each builds the optimizer)', () => {
    const candidates: readonly unknown[] = [0.5, 1, 0, 2, -0.5, 1e-3, true, false];
    for (const field of registry[name].fields) {
      const value = candidates.find((v) => E.isRight(decodeOptimizerConfig({ name, [field]: v })));
      expect(value, `a value ${name}'s codec accepts for ${field}`).toBeDefined();
      const decoded = decodeOptimizerConfig({ name, [field]: value });
      if (E.isLeft(decoded)) return expect.fail(decoded.left);
      expect(() => fromConfig(decoded.right)).not.toThrow();
    }
  });

  const final = (run: Run, problem: 'bowl' | 'rosen'): number =>
    problem === 'bowl'
      ? bowlLoss(flat(runOptimizer(fromConfig(run.config), bowl0, bowlGradient, run.steps).at(-1)))
      : rosenLoss(flat(runOptimizer(fromConfig(run.config), rosen0, rosenGradient, run.steps).at(-1)));

  it(`converges on the bowl (loss 175 → below ${row.bowl.below})`, () => {
    expect(final(row.bowl, 'bowl')).toBeLessThan(row.bowl.below);
  });

  it(`converges on Rosenbrock (loss 12.5 → below ${row.rosen.below})`, () => {
    expect(final(row.rosen, 'rosen')).toBeLessThan(row.rosen.below);
  });

  const torch = row.torch;
  if (typeof torch === 'string') {
    it(`has no PyTorch counterpart: ${torch}`, () => expect(torch.length).toBeGreaterThan(0));
  } else {
    it('matches torch.optim’s update equations for 50 steps (bowl, Rosenbrock), to 1e-12', () => {
      expectPathsClose(
        runOptimizer(fromConfig(row.bowl.config), bowl0, bowlGradient, 50),
        torch.bowl(bowlStart, bowlGrad, 50),
      );
      expectPathsClose(
        runOptimizer(fromConfig(row.rosen.config), rosen0, rosenGradient, 50),
        torch.rosen(rosenStart, rosenGrad, 50),
      );
    });
  }
});

describe('ConfiguredState is the union of the registered states, narrowed by name', () => {
  it('adam’s tagged state has adam’s moments; lion’s has lion’s', () => {
    const adamState = fromConfig({ name: 'adam' }).init({ w: 1 });
    if (adamState.name !== 'adam') return expect.fail('expected the adam state');
    expect(adamState.state[1].mu).toEqual({ w: 0 });
    const lionState = fromConfig({ name: 'lion' }).init({ w: 1 });
    if (lionState.name !== 'lion') return expect.fail('expected the lion state');
    expect(lionState.state[0].mu).toEqual({ w: 0 });
  });
});

describe('AdafactorConfig is exported with the others', () => {
  it('decodes torch’s hyperparameters', () => {
    expect(E.isRight(AdafactorConfig.decode({ name: 'adafactor', beta2Decay: -0.8, eps2: 1e-3, d: 1 }))).toBe(true);
  });
});
