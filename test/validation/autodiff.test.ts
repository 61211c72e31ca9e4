/**
 * The differentiation functions at their boundary: tangents, cotangents and Hessian vectors matched by key
 * (never by position), options with unknown keys refused, and parameters that are not trees of tensors and
 * numbers refused with the path.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  cast,
  grad,
  hessian,
  hvp,
  jacfwd,
  jacobian,
  jacrev,
  jvp,
  mul,
  stopGradient,
  stopGradientTree,
  sum,
  tensor,
  toArray,
  valueAndGrad,
  vjp,
} from '../../src/index.ts';
import { ArgumentError, DTypeError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';

type AB = { a: Tensor; b: Tensor };

describe('jvp, vjp and hvp match trees by key and index', () => {
  it('jvp: a tangent record in another key order is read by key', () => {
    const f = (p: AB) => mul(p.a, 10);
    expect(toArray(jvp(f, { a: 1, b: 2 }, { b: 1, a: 0 })[1])).toBe(0);
    expect(toArray(jvp(f, { a: 1, b: 2 }, { b: 0, a: 1 })[1])).toBe(10);
  });

  it('vjp: a cotangent record in another key order is read by key', () => {
    const [, pullback] = vjp((x: Tensor) => ({ u: mul(x, 2), v: mul(x, 3) }), tensor([1]));
    expect(toArray(pullback({ v: tensor([1]), u: tensor([0]) }))).toEqual([3]);
    expect(toArray(pullback({ v: tensor([0]), u: tensor([1]) }))).toEqual([2]);
  });

  it('hvp: a vector record in another key order is read by key', () => {
    const f = (p: AB) => sum(mul(mul(p.a, p.a), p.b)); // ∂²/∂a² = 2b, ∂²/∂a∂b = 2a, ∂²/∂b² = 0
    const h = hvp(f, { a: 3, b: 5 }, { b: 1, a: 0 });
    expect([h.a, h.b]).toEqual([6, 0]);
  });

  it('a missing or extra key, another array length, or a node for a leaf names the path', () => {
    const f = (p: { a: Tensor; xs: Tensor[] }) => mul(p.a, sum(p.xs[0] ?? 0));
    const primal = { a: 1, xs: [2, 3] };
    const tangent = (t: unknown) => () => jvp(f, primal, t as never);
    expect(tangent({ a: 0 })).toThrow(ShapeError);
    expect(tangent({ a: 0 })).toThrow(/^jvp: the tangent lacks \.xs, which the primal has/);
    expect(tangent({ a: 0, xs: [0, 0], c: 1 })).toThrow(/^jvp: the tangent has \.c, which the primal lacks/);
    expect(tangent({ a: 0, xs: [0] })).toThrow(
      /^jvp: the tangent at \.xs is an array of length 1, the primal's has length 2/,
    );
    expect(tangent({ a: 0, xs: 0 })).toThrow(
      /^jvp: the tangent at \.xs is 0, where the primal has an array of length 2/,
    );
    expect(tangent({ a: [0], xs: [0, 0] })).toThrow(ArgumentError);
    expect(tangent({ a: [0], xs: [0, 0] })).toThrow(
      /^jvp: the tangent at \.a is an array of length 1, not a tensor or number/,
    );
    expect(tangent({ a: '0', xs: [0, 0] })).toThrow(/^jvp: the tangent at \.a is "0", not a tensor or number/);
    expect(tangent(null)).toThrow(/^jvp: the tangent is null, where the primal has a record/);
  });

  it('a leaf of another shape or dtype names the path', () => {
    const f = (p: { w: Tensor }) => sum(p.w);
    expect(() => jvp(f, { w: tensor([1, 2]) }, { w: tensor([1, 2, 3]) })).toThrow(ShapeError);
    expect(() => jvp(f, { w: tensor([1, 2]) }, { w: tensor([1, 2, 3]) })).toThrow(
      /^jvp: tangent of shape \[3\] for a primal of shape \[2\] at \.w/,
    );
    expect(() => jvp(f, { w: tensor([1, 2]) }, { w: tensor([1, 2], { dtype: 'float32' }) })).toThrow(DTypeError);
    expect(() => jvp(f, { w: tensor([1, 2]) }, { w: tensor([1, 2], { dtype: 'float32' }) })).toThrow(
      /^jvp: tangent of dtype "float32" for a primal of dtype float64 at \.w/,
    );
    const [, pullback] = vjp((p: { w: Tensor }) => ({ y: mul(p.w, 2) }), { w: tensor([1, 2]) });
    expect(() => pullback({ y: tensor([1]) })).toThrow(
      /^vjp: cotangent of shape \[1\] for an output of shape \[2\] at \.y/,
    );
    expect(() => pullback({ y: tensor([1, 1]), z: 1 } as never)).toThrow(
      /^vjp: the cotangent has \.z, which the output lacks/,
    );
    expect(() => hvp((x: Tensor) => sum(mul(x, x)), tensor([1, 2]), tensor([1]))).toThrow(
      /^hvp: vector of shape \[1\] for an argument of shape \[2\]/,
    );
  });

  it('a number stands for a rank-0 leaf of the primal dtype, as before', () => {
    const [, jv] = jvp((x: Tensor) => mul(x, 3), tensor(2, { dtype: 'float32' }), 1 as never);
    expect(jv.dtype).toBe('float32');
    expect(toArray(jv)).toBe(3);
  });
});

describe('unknown option keys are refused, naming the nearest', () => {
  const f = (x: Tensor) => sum(mul(x, x));
  it('grad and valueAndGrad, when the function is made (not per call)', () => {
    expect(() => grad(f, { debugNan: true } as never)).toThrow(ArgumentError);
    expect(() => grad(f, { debugNan: true } as never)).toThrow(
      /^grad: unknown option "debugNan" \(did you mean "debugNans"\?\)/,
    );
    expect(() => valueAndGrad(f, { hasAx: true } as never)).toThrow(
      /^valueAndGrad: unknown option "hasAx" \(did you mean "hasAux"\?\)/,
    );
    expect(() => grad(f, { hasAux: true } as never)).toThrow(/^grad: unknown option "hasAux"/);
    expect(() => grad(f, { debugNans: 'yes' } as never)).toThrow(
      /^grad: option debugNans must be a boolean, got "yes"/,
    );
    expect(() => grad(f, 'debugNans' as never)).toThrow(/^grad: options is "debugNans", not an object/);
  });

  it('vjp, jvp and hvp per call; jacobian, jacrev, jacfwd and hessian when made', () => {
    const x = tensor([1, 2]);
    expect(() => vjp(f, x, { debugNan: true } as never)).toThrow(
      /^vjp: unknown option "debugNan" \(did you mean "debugNans"\?\)/,
    );
    expect(() => jvp(f, x, x, { debugNan: true } as never)).toThrow(/^jvp: unknown option/);
    expect(() => hvp(f, x, x, { debugNan: true } as never)).toThrow(/^hvp: unknown option/);
    expect(() => jacobian(f, { debugNan: true } as never)).toThrow(/^jacrev: unknown option/);
    expect(() => jacrev(f, { debugNan: true } as never)).toThrow(/^jacrev: unknown option/);
    expect(() => jacfwd(f, { debugNan: true } as never)).toThrow(/^jacfwd: unknown option/);
    expect(() => hessian(f, { debugNan: true } as never)).toThrow(/^hessian: unknown option/);
  });

  it('the options still work', () => {
    expect(() => grad((x: Tensor) => sum(mul(x, Infinity)), { debugNans: true })(tensor([0]))).toThrow(/NaN/);
    const [[loss, aux], g] = valueAndGrad((x: Tensor) => [sum(mul(x, x)), 'aux'] as const, { hasAux: true })(3);
    expect([toArray(loss), aux, g]).toEqual([9, 'aux', 6]);
  });
});

describe('parameters that are not trees of tensors and numbers are refused with their path', () => {
  const f = (p: { w: Tensor }) => sum(mul(p.w, p.w));
  it('grad: a string, null or undefined leaf', () => {
    expect(() => grad(f)({ w: '1' } as never)).toThrow(ArgumentError);
    expect(() => grad(f)({ w: '1' } as never)).toThrow(/^grad: the argument at \.w is "1", not a tensor or number$/);
    expect(() => grad(f)({ w: null } as never)).toThrow(/^grad: the argument at \.w is null, not a tensor or number$/);
    expect(() => grad(f)({ w: undefined } as never)).toThrow(
      /^grad: the argument at \.w is undefined, not a tensor or number$/,
    );
    expect(() => grad((ps: Tensor[]) => sum(ps[0] ?? 0))([1, [2, true]] as never)).toThrow(
      /^grad: the argument at \[1\]\[1\] is true, not a tensor or number$/,
    );
    expect(() => grad((x: Tensor) => x)('3' as never)).toThrow(/^grad: the argument is "3", not a tensor or number$/);
  });

  it('a cycle is named instead of overflowing the stack', () => {
    const p: { w: number; self?: unknown } = { w: 1 };
    p.self = p;
    expect(() => grad(f)(p as never)).toThrow(
      /^grad: the argument at \.self is one of its own enclosing arrays or records \(a cycle\)$/,
    );
  });

  it('each function names itself', () => {
    const bad = { w: 'x' } as never;
    expect(() => valueAndGrad(f)(bad)).toThrow(/^valueAndGrad: the argument at \.w/);
    expect(() => vjp(f, bad)).toThrow(/^vjp: the argument at \.w/);
    expect(() => jvp(f, bad, bad)).toThrow(/^jvp: the argument at \.w/);
    expect(() => jacobian(f)(bad)).toThrow(/^jacrev: the argument at \.w/);
    expect(() => jacfwd(f)(bad)).toThrow(/^jacfwd: the argument at \.w/);
    expect(() => hessian(f)(bad)).toThrow(/^hessian: the argument at \.w/);
    expect(() => hvp(f, bad, bad)).toThrow(/^hvp: the argument at \.w/);
    expect(() => stopGradientTree(bad)).toThrow(/^stopGradientTree: the argument at \.w/);
    expect(() => stopGradient('x' as never)).toThrow(/^stopGradient: x is "x", not a tensor or number/);
  });

  it('non-finite numbers are numbers: their gradients are computed (NaN and ±Infinity propagate)', () => {
    expect(grad((x: Tensor) => mul(x, x))(NaN)).toBeNaN();
    expect(grad((x: Tensor) => mul(x, x))(Infinity)).toBe(Infinity);
    expect(grad((x: Tensor) => mul(x, x))(-Infinity)).toBe(-Infinity);
  });

  it('f that is not a function, or returns something that is no loss', () => {
    expect(() => grad(3 as never)).toThrow(/^grad: f is 3, not a function$/);
    expect(() => vjp(null as never, 1 as never)).toThrow(/^vjp: f is null, not a function$/);
    expect(() => grad((() => 'loss') as unknown as (x: Tensor) => Tensor)(1)).toThrow(
      /^grad: f returned "loss", not a tensor or number \(the loss\)$/,
    );
    expect(() => grad(((x: Tensor) => [x, x]) as unknown as (x: Tensor) => Tensor)(1)).toThrow(
      /^grad: f returned an array; pass \{ hasAux: true \}/,
    );
    expect(() => vjp((() => ({ y: 'no' })) as (x: Tensor) => unknown, 1)).toThrow(
      /^vjp: the output of f at \.y is "no", not a tensor or number$/,
    );
    expect(() => jacobian((x: Tensor) => [x, x] as never)(tensor([1]))).toThrow(
      /^jacrev: the function must return one tensor, got a tree of 2 leaves/,
    );
  });
});

describe('cast at its boundary', () => {
  it('an unknown dtype is a DTypeError, a value that is no tensor an ArgumentError', () => {
    expect(() => cast(tensor([1]), 'int32' as never)).toThrow(DTypeError);
    expect(() => cast(tensor([1]), 'int32' as never)).toThrow(/^cast: dtype "int32" is not a gradfold dtype/);
    expect(() => cast([1, 2] as never, 'float32')).toThrow(/^cast: x is an array of length 2, not a tensor/);
    expect(cast(tensor([1.1]), 'float32').dtype).toBe('float32');
  });
});

describe('a tree nested deeper than a walk can recurse', () => {
  it('is an ArgumentError (or a correct result), never an engine RangeError', () => {
    let deep: unknown = 2;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const leafOf = (t: unknown): Tensor => {
      let v = t;
      while (Array.isArray(v)) v = v[0];
      return v as Tensor;
    };
    try {
      grad((p: unknown) => sum(mul(leafOf(p), 1)))(deep as never);
    } catch (e) {
      expect(e).toBeInstanceOf(ArgumentError);
      expect(String(e)).toMatch(/^ArgumentError: grad: the argument is nested too deeply for a tree walk/);
    }
  });
});
