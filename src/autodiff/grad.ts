/**
 * Reverse-mode differentiation over parameter trees: `vjp`, `grad` and `valueAndGrad`. Each call opens its
 * own tape (see tape.ts); nothing is stored on tensors and nothing outlives the call but the pullback that
 * `vjp` returns, which holds its tape until it is dropped.
 */
import { type Tensor, type TensorLike, asTensor, fromData, scalar, zeros } from '../core/tensor.js';
import { ShapeError, shapeEqual, showShape, sizeOf } from '../core/shape.js';
import { isNumberLike, numberLeaf, strong } from '../core/staging.js';
import {
  type Accepts,
  type Leaf,
  type Like,
  leaves,
  mapTensors,
  treeMap,
  unflatten,
  withTensorLeaves,
} from '../core/tree.js';
import { backward } from './backward.js';
import { type Tape, type TapeOptions, Tracer, concrete, lower, withTape } from './tape.js';

/** Options of every differentiation call. */
export type GradOptions = TapeOptions;

/** The pullback of `vjp`: output cotangents (a tree like the output) to input cotangents (like the input). */
export type Pullback<Y, P> = (cotangent: Like<Y>) => Like<P>;

/** The gradient leaf for an input leaf: a tensor for a tensor; a number for a number (when it is concrete). */
const gradLeaf = (input: Leaf, ct: Tensor | undefined): Leaf => {
  if (typeof input === 'number' || isNumberLike(input)) {
    if (ct === undefined) return 0;
    if (ct instanceof Tracer) {
      throw new TypeError(
        'grad: the gradient of a plain-number input depends on an enclosing grad call; pass scalar(x) instead of a number',
      );
    }
    return numberLeaf(ct);
  }
  return ct ?? zeros(input.shape, { dtype: input.dtype });
};

/** The pullback of a vjp call: output cotangents (a tree like the output) to input cotangents (like the input). */
const pullbackAt = <P, Y>(
  tape: Tape,
  primals: P,
  inputLeaves: readonly Leaf[],
  tracers: readonly Tracer[],
  outLeaves: readonly Tensor[],
  cotangent: Like<Y>,
): Like<P> => {
  const cts = leaves(cotangent);
  if (cts.length !== outLeaves.length) {
    throw new ShapeError('vjp', `the cotangent has ${cts.length} leaves, the output ${outLeaves.length}`);
  }
  const seeds: [number, Tensor][] = [];
  outLeaves.forEach((y, i) => {
    const u = asTensor(cts[i] ?? 0, y.dtype);
    if (!shapeEqual(u.shape, y.shape)) {
      throw new ShapeError('vjp', `cotangent of shape ${showShape(u.shape)} for an output of shape ${showShape(y.shape)}`);
    }
    if (y instanceof Tracer && y.tape === tape) seeds.push([y.id, u]);
  });
  const ct = backward(tape, seeds);
  return unflatten(
    primals,
    inputLeaves.map((l, i) => gradLeaf(l, ct[tracers[i]?.id ?? -1])),
  );
};

/**
 * vjp(f, x) = [f(x), u ↦ uᵀ·∂f/∂x]: the value of f at x and its pullback, which maps a cotangent u shaped like
 * f(x) to the vector-Jacobian product, shaped like x. x and f(x) may be trees; number leaves of x get number
 * cotangents. The pullback can be called many times and inside other grad calls.
 *
 * @example
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [2, 4]
 */
export const vjp = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
  options: GradOptions = {},
): [Y, Pullback<Y, P>] =>
  withTape(options, (tape) => {
    const inputLeaves = leaves(primals);
    const tracers = inputLeaves.map((l) => tape.input(strong(asTensor(l))));
    const out = f(withTensorLeaves<T>(primals, tracers));
    const outLeaves = leaves(out).map((l) => asTensor(l));
    const value = mapTensors(out, (t) => lower(t, tape));
    return [value, (cotangent: Like<Y>): Like<P> => pullbackAt(tape, primals, inputLeaves, tracers, outLeaves, cotangent)];
  });

const isPair = <A>(r: TensorLike | readonly [TensorLike, A]): r is readonly [TensorLike, A] => Array.isArray(r);

/** The scalar seed 1 for a loss, or a clear error when f did not return a size-1 tensor. */
const unitSeed = (op: string, y: TensorLike): Tensor => {
  const t = asTensor(y);
  if (sizeOf(t.shape) !== 1) {
    throw new ShapeError(op, `the function must return a scalar (size 1), got shape ${showShape(t.shape)}`);
  }
  return fromData(t.shape, t.dtype === 'float64' ? Float64Array.of(1) : Float32Array.of(1));
};

/**
 * valueAndGrad(f)(p) = [f(p), ∇f(p)] for a scalar-valued f over a parameter tree. The gradient has p's
 * structure and types (tensors for tensors, numbers for numbers). With `{hasAux: true}`, f returns
 * [loss, aux] and the result is [[loss, aux], ∇loss(p)] (aux is not differentiated).
 *
 * @example
 * const x = tensor([1, 2]);
 * const y = tensor([2, 4]);
 * const lossAndGrad = valueAndGrad((p: { w: Tensor }) => sum(square(sub(mul(p.w, x), y))));
 * const [loss, g] = lossAndGrad({ w: 0.5 }); // g.w is a number
 */
export function valueAndGrad<T>(
  f: (p: T) => TensorLike,
  options?: GradOptions & { readonly hasAux?: false },
): <P extends Accepts<T>>(p: P) => [Tensor, Like<P>];
export function valueAndGrad<T, A>(
  f: (p: T) => readonly [TensorLike, A],
  options: GradOptions & { readonly hasAux: true },
): <P extends Accepts<T>>(p: P) => [[Tensor, A], Like<P>];
export function valueAndGrad<T, A>(
  f: ((p: T) => TensorLike) | ((p: T) => readonly [TensorLike, A]),
  options: GradOptions & { readonly hasAux?: boolean } = {},
): <P extends Accepts<T>>(p: P) => [Tensor, Like<P>] | [[Tensor, A], Like<P>] {
  const hasAux = options.hasAux ?? false;
  const tapeOptions = tapeOptionsOf(options);
  return <P extends Accepts<T>>(p: P) => {
    const r = gradAt<T, P, A>(f, p, hasAux, tapeOptions);
    if (!hasAux) return [r.value, r.grads];
    if (r.aux === undefined) throw new TypeError('valueAndGrad: with hasAux, f must return [loss, aux]');
    return [[r.value, r.aux], r.grads];
  };
}

/** The tape options among a call's options. */
const tapeOptionsOf = (options: GradOptions): TapeOptions =>
  options.debugNans === undefined ? {} : { debugNans: options.debugNans };

/** The loss f returned; with hasAux, f returns [loss, aux] and aux is handed to `keep` (lowered). */
const lossOf = <A>(r: TensorLike | readonly [TensorLike, A], hasAux: boolean, keep: (aux: A) => void): Tensor => {
  if (!isPair(r)) {
    if (hasAux) throw new TypeError('valueAndGrad: with hasAux, f must return [loss, aux]');
    return asTensor(r);
  }
  if (!hasAux) throw new TypeError('grad: f returned a pair; pass { hasAux: true } to valueAndGrad for a [loss, aux] result');
  keep(r[1]);
  return asTensor(r[0]);
};

/** f's value, its gradient at p, and its auxiliary output (with hasAux). */
const gradAt = <T, P extends Accepts<T>, A>(
  f: ((p: T) => TensorLike) | ((p: T) => readonly [TensorLike, A]),
  p: P,
  hasAux: boolean,
  tapeOptions: TapeOptions,
): { readonly value: Tensor; readonly grads: Like<P>; readonly aux: A | undefined } => {
  let aux: A | undefined;
  const [value, pullback] = vjp(
    (x: T) =>
      lossOf(f(x), hasAux, (a) => {
        aux = mapTensors(a, concrete);
      }),
    p,
    tapeOptions,
  );
  return { value, grads: pullback(unitSeed('grad', value)), aux };
};

/**
 * grad(f)(p) = ∇f(p) for a scalar-valued f over a parameter tree, shaped and typed like p.
 *
 * @example
 * const df = grad((x: Tensor) => mul(x, x));
 * df(3); // 6
 */
export const grad = <T>(f: (p: T) => TensorLike, options: GradOptions = {}): (<P extends Accepts<T>>(p: P) => Like<P>) => {
  const tapeOptions = tapeOptionsOf(options);
  return (p) => gradAt(f, p, false, tapeOptions).grads;
};

/** stopGradient(x) = x, with a zero derivative at every level (the value is treated as a constant). */
export const stopGradient = (x: TensorLike): Tensor => (typeof x === 'number' ? scalar(x) : concrete(x));

/** A tree of tensors with every level of tracing removed. */
export const stopGradientTree = <P>(tree: P): Like<P> => treeMap(tree, (l) => (typeof l === 'number' ? l : concrete(l)));
