/**
 * Issue 12: `update(grads, state, params)` and `applyUpdates(params, updates)` check structure, shapes, dtypes
 * and leaf kinds once per call, naming the optimizer and the tree path; nothing is broadcast or dropped, and a
 * state from another optimizer or for other parameters is named as such. Under jit the checks run while
 * tracing, and the compiled step still equals the eager one.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { type OptState, type Tensor, jit, tensor } from '../../src/index.ts';
import {
  type GradientTransformation,
  type StateKind,
  adam,
  applyIfFinite,
  applyUpdates,
  chain,
  fromConfig,
  masked,
  multiSteps,
  rmsprop,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  stateless,
} from '../../src/optim/index.ts';

/** The kind of a hand-written transformation whose state is a string. */
interface MineKind extends StateKind {
  /** The state. */
  readonly S: string;
}

/** The error `go` throws (a failure when it throws nothing). */
const thrown = (go: () => unknown): unknown => {
  try {
    go();
  } catch (e) {
    return e;
  }
  return expect.fail('expected an error');
};

/** Asserts that `go` throws an error of class `kind` with exactly `message`. */
const refuses = (go: () => unknown, kind: new (...args: never[]) => Error, message: string): void => {
  const e = thrown(go);
  expect(e).toBeInstanceOf(kind);
  expect(e instanceof Error ? e.message : e).toBe(message);
};

/** Any value, as a JavaScript caller (no type checker) may pass it anywhere: the overload only restates the type. */
function loose(x: unknown): never;
function loose(x: unknown): unknown {
  return x;
}

describe('update: the gradient must be the parameter tree', () => {
  const params = { w: tensor([1]), b: 0 };

  it('a [2,2] gradient for a [1] parameter is refused, not broadcast (the parameter once became [2,2])', () => {
    const opt = adam({ lr: 0.1 });
    refuses(
      () =>
        opt.update(
          {
            w: tensor([
              [1, 2],
              [3, 4],
            ]),
            b: 1,
          },
          opt.init(params),
          params,
        ),
      ShapeError,
      'adam: the gradient at .w has shape [2,2] where the parameter has [1]',
    );
  });

  it('an extra key in the gradient is refused (it was dropped, or made NaN in scaleByAdam)', () => {
    const tx = scaleByAdam();
    const s = tx.init({ w: 1 });
    refuses(
      () => tx.update(loose({ w: 1, extra: 2 }), s),
      ArgumentError,
      'scaleByAdam: the state at .mu.extra is missing: the gradient has a key .extra',
    );
    const opt = sgd({ lr: 0.1 });
    refuses(
      () => opt.update(loose({ w: tensor([1]), b: 1, c: 2 }), opt.init(params), params),
      ArgumentError,
      'sgd: the parameter at .c is missing: the gradient has a key .c',
    );
  });

  it('a missing key is refused', () => {
    const opt = rmsprop();
    refuses(
      () => opt.update(loose({ w: tensor([1]) }), opt.init(params), params),
      ArgumentError,
      'rmsprop: the gradient at .b is missing: the parameters have a key .b',
    );
  });

  it('arrays of other lengths, numbers for tensors, other dtypes and non-tree leaves are refused with the path', () => {
    const p = { layers: [{ w: tensor([1, 2], { dtype: 'float32' }) }, { w: 3 }] };
    const opt = adam();
    const s = opt.init(p);
    refuses(
      () => opt.update(loose({ layers: [{ w: tensor([1, 2], { dtype: 'float32' }) }] }), s, p),
      ArgumentError,
      'adam: the gradient at .layers has 1 items where the parameter at .layers has 2',
    );
    refuses(
      () => opt.update(loose({ layers: [{ w: 1 }, { w: 3 }] }), s, p),
      ArgumentError,
      'adam: the gradient at .layers[0].w is a number where the parameter at .layers[0].w is a ' +
        'float32 tensor of shape [2]',
    );
    refuses(
      () => opt.update(loose({ layers: [{ w: tensor([1, 2]) }, { w: 3 }] }), s, p),
      DTypeError,
      'adam: the gradient at .layers[0].w is float64 where the parameter is float32',
    );
    refuses(
      () => opt.update(loose({ layers: [{ w: tensor([1, 2], { dtype: 'float32' }) }, { w: '3' }] }), s, p),
      ArgumentError,
      'adam: the gradient at .layers[1].w is "3", not a number, a tensor, an array or a record',
    );
    refuses(
      () => opt.update(loose({ layers: [{ w: tensor([1, 2], { dtype: 'float32' }) }, { w: tensor(3) }] }), s, p),
      ArgumentError,
      'adam: the gradient at .layers[1].w is a float64 tensor of shape [] where the parameter at ' +
        '.layers[1].w is a number',
    );
  });

  it('a cyclic gradient is named, not a stack overflow', () => {
    const cyclic: { w: number; next?: unknown } = { w: 1 };
    cyclic.next = cyclic;
    const e = thrown(() => sgd().update(loose(cyclic), sgd().init(loose(cyclic)), loose(cyclic)));
    expect(e).toBeInstanceOf(ArgumentError);
  });

  it('without the parameters, the gradient must match the state', () => {
    const tx = scaleByAdam();
    refuses(
      () => tx.update(loose({ w: tensor([1, 2]) }), tx.init({ w: tensor([1]) })),
      ShapeError,
      'scaleByAdam: the state at .mu.w has shape [1] where the gradient at .w has [2]',
    );
  });

  it('valid updates still work, for every kind of leaf', () => {
    const opt = adam({ lr: 0.1 });
    const [u] = opt.update({ w: tensor([1]), b: 1 }, opt.init(params), params);
    expect(Array.from(applyUpdates(params, u).w.data)[0]).toBeCloseTo(0.9, 8);
  });
});

describe('update: the state must be this optimizer’s, for these parameters', () => {
  const params = { w: tensor([1, 2]) };
  const g = { w: tensor([0.5, -0.5]) };

  it('a state from another optimizer says so', () => {
    const opt = adam();
    refuses(
      () => opt.update(g, loose(sgd({ momentum: 0.9 }).init(params)), params),
      ArgumentError,
      'adam: the state at [1] has no field mu (is it the state of another optimizer?)',
    );
    refuses(
      () => opt.update(g, loose([{}, {}]), params),
      ArgumentError,
      'adam: the state has 2 parts where adam keeps 3 parts (is it the state of another optimizer?)',
    );
    refuses(
      () => opt.update(g, loose(null), params),
      ArgumentError,
      'adam: the state is null where adam keeps an array of 3 parts (is it the state of another optimizer?)',
    );
    refuses(
      () => adam({ amsgrad: true }).update(g, opt.init(params), params),
      ArgumentError,
      'adam: the state at [1].nuMax is null where adam keeps a tree shaped like the parameters (is ' +
        'it the state of another optimizer?)',
    );
  });

  it('a state for other shapes names the field and the parameter', () => {
    const opt = adam();
    refuses(
      () => opt.update(g, opt.init({ w: tensor([1]) }), params),
      ShapeError,
      'adam: the state at [1].mu.w has shape [1] where the parameter at .w has [2]',
    );
    refuses(
      () => opt.update(g, loose(opt.init({ v: tensor([1, 2]) })), params),
      ArgumentError,
      'adam: the parameter at .v is missing: the state has a key [1].mu.v',
    );
  });

  it('a configured optimizer names the alias whose state it was given', () => {
    const sgdState = fromConfig({ name: 'sgd' }).init(params);
    refuses(
      () => fromConfig({ name: 'adam' }).update(g, sgdState, params),
      ArgumentError,
      'adam: the state at .name is "sgd": the adam optimizer was given the state of sgd',
    );
  });

  it('wrappers check their inner state once, at the outer boundary, with the outer name', () => {
    const opt = applyIfFinite(masked({ w: true }, multiSteps(2, adam())));
    const s = opt.init(params);
    refuses(
      () => opt.update(g, s, { w: tensor([1]) }),
      ShapeError,
      'applyIfFinite: the gradient at .w has shape [2] where the parameter has [1]',
    );
    const bad = loose({ ...s, inner: { inner: { ...s.inner.inner, inner: [{}] } } });
    refuses(
      () => opt.update(g, bad, params),
      ArgumentError,
      'applyIfFinite: the state at .inner.inner.inner has 1 part where applyIfFinite keeps 3 parts ' +
        '(is it the state of another optimizer?)',
    );
  });

  it('a transformation written by hand keeps working inside a chain (its state is not checked)', () => {
    const double: GradientTransformation<MineKind> = { init: () => 'mine', update: (u, s) => [u, s] };
    const opt = chain(double, scale(2), scaleByLearningRate(0.5));
    const [u, s] = opt.update({ w: 2 }, opt.init({ w: 1 }), { w: 1 });
    expect(u.w).toBe(-2);
    expect(s[0]).toBe('mine');
    expect(stateless((x) => x).update({ w: 1 }, {})[0]).toEqual({ w: 1 });
  });
});

describe('applyUpdates checks structure, shape, kind and dtype, and never broadcasts', () => {
  it('refuses with the path', () => {
    const p = { w: tensor([1]), b: 0 };
    refuses(
      () =>
        applyUpdates(
          p,
          loose({
            w: tensor([
              [1, 2],
              [3, 4],
            ]),
            b: 1,
          }),
        ),
      ShapeError,
      'applyUpdates: the update at .w has shape [2,2] where the parameter has [1]',
    );
    refuses(
      () => applyUpdates(p, loose({ w: tensor([1]) })),
      ArgumentError,
      'applyUpdates: the update at .b is missing: the parameters have a key .b',
    );
    refuses(
      () => applyUpdates(p, loose({ w: tensor([1]), b: 1, c: 1 })),
      ArgumentError,
      'applyUpdates: the parameter at .c is missing: the updates have a key .c',
    );
    refuses(
      () => applyUpdates(p, loose({ w: 1, b: 1 })),
      ArgumentError,
      'applyUpdates: the update at .w is a number where the parameter at .w is a float64 tensor of shape [1]',
    );
  });
});

describe('under jit the checks run while tracing; the step is unchanged', () => {
  it('a mismatch is refused when the step is traced', () => {
    const opt = adam({ lr: 0.1 });
    const step = jit((g: { w: Tensor }, s: OptState<typeof opt, { w: Tensor }>, p: { w: Tensor }) =>
      opt.update(g, s, p),
    );
    const p = { w: tensor([1]) };
    expect(() =>
      step(
        {
          w: tensor([
            [1, 2],
            [3, 4],
          ]),
        },
        opt.init(p),
        p,
      ),
    ).toThrow(ShapeError);
    const [u] = step({ w: tensor([2]) }, opt.init(p), p);
    const [eager] = opt.update({ w: tensor([2]) }, opt.init(p), p);
    expect(Array.from(u.w.data)).toEqual(Array.from(eager.w.data));
  });
});
