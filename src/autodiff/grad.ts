/**
 * Reverse-mode differentiation over parameter trees: `vjp`, `grad` and `valueAndGrad`. Each call opens its
 * own tape (see tape.ts); nothing is stored on tensors and nothing outlives the call but the pullback that
 * `vjp` returns, which holds its tape until it is dropped.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { type Tensor, type TensorLike, asTensor, fromData, isTensor, scalar } from '../core/tensor.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { type Accepts, type Like, mapTensors, treeMap } from '../core/tree.js';
import {
  type ArgsAccepting,
  type Argnums,
  type ArgnumsOption,
  type GradsOf,
  type Picked,
  checkArgnums,
} from './argnums.js';
import { checkFunction, checkOptions, checkedWalk, matchLeaves } from './arguments.js';
import { traceArgs } from './grad-trace.js';
import { type TapeOptions, concrete } from './tape.js';

export { type Traced, traceVjp } from './grad-trace.js';

/** Options of every differentiation call. */
export type GradOptions = TapeOptions;

/** The pullback of `vjp`: output cotangents (a tree like the output) to input cotangents (like the input). */
export type Pullback<Y, P> = (cotangent: Like<Y>) => Like<P>;

/**
 * vjp(f, x) = [f(x), u ↦ uᵀ·∂f/∂x]: the value of f at x and its pullback, which maps a cotangent u shaped like
 * f(x) to the vector-Jacobian product, shaped like x. x and f(x) may be trees; number leaves of x get number
 * cotangents. The cotangent is matched to f(x) by key and index (same keys in any order, same array lengths,
 * each leaf of the output's shape and dtype, or a number); a mismatch names the path. The pullback can be
 * called many times and inside other grad calls.
 *
 * With `{argnums}`, f takes several positional arguments and the second argument of vjp is their list:
 * `vjp(f, [x, y, c], { argnums: [0, 1] })` differentiates with respect to x and y (c is passed unchanged), and
 * the pullback returns the pair [uᵀ·∂f/∂x, uᵀ·∂f/∂y]; with `argnums: 1` it returns uᵀ·∂f/∂y alone.
 *
 * @example
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [2, 4]
 * const [z, pullXY] = vjp((x: Tensor, w: Tensor) => mul(x, w), [tensor([1, 2]), tensor([3, 4])], { argnums: [0, 1] });
 * pullXY(tensor([1, 1])); // [[3, 4], [1, 2]]
 */
export function vjp<T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
  options?: GradOptions & { readonly argnums?: never },
): [Y, Pullback<Y, P>];
export function vjp<A extends readonly unknown[], const N extends Argnums, P extends ArgsAccepting<A, N>, Y>(
  f: (...args: A) => Y,
  args: P,
  options: GradOptions & { readonly argnums: N },
): [Y, (cotangent: Like<Y>) => GradsOf<P, N>];
export function vjp<A extends readonly unknown[], Y>(
  f: (...args: A) => Y,
  primals: unknown,
  options?: GradOptions & ArgnumsOption,
): [Y, (cotangent: Like<Y>) => unknown] {
  checkFunction('vjp', f);
  checkOptions('vjp', options, 'argnums');
  const argnums = options?.argnums;
  const picked = checkArgnums('vjp', argnums);
  if (argnums !== undefined && !Array.isArray(primals)) {
    throw new ArgumentError('vjp', `with argnums, pass the list of f's arguments, got ${describeValue(primals)}`);
  }
  const args: readonly unknown[] = argnums === undefined || !Array.isArray(primals) ? [primals] : primals;
  const { value, out, pull } = traceArgs('vjp', f, args, picked, tapeOptionsOf(options));
  return [value, (cotangent: Like<Y>): unknown => pull(matchLeaves(cotangentRoles, out, cotangent))];
}

const cotangentRoles = { op: 'vjp', what: 'cotangent', against: 'an output' };

const isPair = <A>(r: TensorLike | readonly [TensorLike, A]): r is readonly [TensorLike, A] => Array.isArray(r);

/** The scalar seed 1 for a loss, or a clear error when f did not return a size-1 tensor. */
const unitSeed = (op: string, t: Tensor): Tensor => {
  if (sizeOf(t.shape) !== 1) {
    throw new ShapeError(op, `the function must return a scalar (size 1), got shape ${showShape(t.shape)}`);
  }
  return fromData(t.shape, t.dtype === 'float64' ? Float64Array.of(1) : Float32Array.of(1));
};

/**
 * valueAndGrad(f)(p) = [f(p), ∇f(p)] for a scalar-valued f over a parameter tree. The gradient has p's
 * structure and types (tensors for tensors, numbers for numbers). With `{hasAux: true}`, f returns
 * [loss, aux] and the result is [[loss, aux], ∇loss(p)] (aux is not differentiated). With `{argnums}`, the
 * gradient is taken with respect to the chosen positional arguments of f, as in `grad`. The options are
 * checked here, once (an unknown key raises an ArgumentError naming the nearest one).
 *
 * @example
 * const x = tensor([1, 2]);
 * const y = tensor([2, 4]);
 * const lossAndGrad = valueAndGrad((p: { w: Tensor }) => sum(square(sub(mul(p.w, x), y))));
 * const [loss, g] = lossAndGrad({ w: 0.5 }); // g.w is a number
 * const [value, gy] = valueAndGrad((a: Tensor, b: Tensor) => sum(mul(a, b)), { argnums: 1 })(x, y); // gy = x
 */
export function valueAndGrad<A extends readonly unknown[]>(
  f: (...args: A) => TensorLike,
  options?: GradOptions & { readonly argnums?: never; readonly hasAux?: false },
): <P extends ArgsAccepting<A, 0>>(...args: P) => [Tensor, GradsOf<P, 0>];
export function valueAndGrad<A extends readonly unknown[], X>(
  f: (...args: A) => readonly [TensorLike, X],
  options: GradOptions & { readonly argnums?: never; readonly hasAux: true },
): <P extends ArgsAccepting<A, 0>>(...args: P) => [[Tensor, X], GradsOf<P, 0>];
export function valueAndGrad<A extends readonly unknown[], const N extends Argnums>(
  f: (...args: A) => TensorLike,
  options: GradOptions & { readonly argnums: N; readonly hasAux?: false },
): <P extends ArgsAccepting<A, N>>(...args: P) => [Tensor, GradsOf<P, N>];
export function valueAndGrad<A extends readonly unknown[], X, const N extends Argnums>(
  f: (...args: A) => readonly [TensorLike, X],
  options: GradOptions & { readonly argnums: N; readonly hasAux: true },
): <P extends ArgsAccepting<A, N>>(...args: P) => [[Tensor, X], GradsOf<P, N>];
export function valueAndGrad<A extends readonly unknown[], X>(
  f: ((...args: A) => TensorLike) | ((...args: A) => readonly [TensorLike, X]),
  options?: GradOptions & ArgnumsOption & { readonly hasAux?: boolean },
): (...args: readonly unknown[]) => [Tensor, unknown] | [[Tensor, X], unknown] {
  checkFunction('valueAndGrad', f);
  checkOptions('valueAndGrad', options, 'aux');
  const picked = checkArgnums('valueAndGrad', options?.argnums);
  const hasAux = options?.hasAux ?? false;
  const tapeOptions = tapeOptionsOf(options);
  return (...args: readonly unknown[]) => {
    const r = gradAt<A, X>('valueAndGrad', f, args, picked, hasAux, tapeOptions);
    if (!hasAux) return [r.value, r.grads];
    if (r.aux === undefined) {
      throw new ArgumentError('valueAndGrad', 'with hasAux, f must return [loss, aux] (aux undefined)');
    }
    return [[r.value, r.aux], r.grads];
  };
}

/** The tape options among a call's options. */
const tapeOptionsOf = (options: GradOptions | undefined): TapeOptions =>
  options?.debugNans === undefined ? {} : { debugNans: options.debugNans };

/** The loss f returned; with hasAux, f returns [loss, aux] and aux is handed to `keep` (lowered). */
const lossOf = <X>(
  op: string,
  r: TensorLike | readonly [TensorLike, X],
  hasAux: boolean,
  keep: (aux: X) => void,
): Tensor => {
  if (!isPair(r)) {
    if (hasAux) throw new ArgumentError(op, `with hasAux, f must return [loss, aux], got ${describeValue(r)}`);
    return loss(op, r);
  }
  if (!hasAux)
    throw new ArgumentError(op, 'f returned an array; pass { hasAux: true } to valueAndGrad for a [loss, aux] result');
  keep(r[1]);
  return loss(op, r[0]);
};

/** The loss as a tensor, or an ArgumentError when f returned something else. */
const loss = (op: string, r: unknown): Tensor => {
  if (typeof r === 'number') return asTensor(r);
  if (!isTensor(r)) throw new ArgumentError(op, `f returned ${describeValue(r)}, not a tensor or number (the loss)`);
  return r;
};

/** f's value at the arguments, its gradient for the chosen ones (one, or a list), and its auxiliary output. */
const gradAt = <A extends readonly unknown[], X>(
  op: string,
  f: ((...args: A) => TensorLike) | ((...args: A) => readonly [TensorLike, X]),
  args: readonly unknown[],
  picked: Picked,
  hasAux: boolean,
  tapeOptions: TapeOptions,
): { readonly value: Tensor; readonly grads: unknown; readonly aux: X | undefined } => {
  let aux: X | undefined;
  const { value, pull } = traceArgs(
    op,
    (...xs: A) =>
      lossOf(op, f(...xs), hasAux, (a) => {
        aux = mapTensors(a, concrete);
      }),
    args,
    picked,
    tapeOptions,
  );
  return { value, grads: pull([unitSeed(op, value)]), aux };
};

/**
 * grad(f)(p) = ∇f(p) for a scalar-valued f over a parameter tree, shaped and typed like p. With `{argnums}`
 * (as in JAX), f takes several positional arguments and the gradient is taken with respect to the chosen ones,
 * the others passed through unchanged: `grad(f, { argnums: 1 })(x, y, c)` = ∂f/∂y, and
 * `grad(f, { argnums: [0, 2] })(x, y, c)` = [∂f/∂x, ∂f/∂c] (default 0: the first argument). The options are
 * checked here, once (an unknown key raises an ArgumentError naming the nearest one; an argnums that is not an
 * integer ≥ 0, repeats, or names no argument of the call raises one naming it); a leaf of a differentiated
 * argument that is not a tensor or a number raises an ArgumentError naming its path. The arguments that are
 * not differentiated reach f unchanged, so they are typed exactly as f declares them.
 *
 * @example
 * const df = grad((x: Tensor) => mul(x, x));
 * df(3); // 6
 * const dy = grad((x: number, y: Tensor) => mul(x, square(y)), { argnums: 1 }); // x passed through as it is
 * dy(3, 2); // ∂(x·y²)/∂y = 2·x·y = 12
 * const [gx, gy] = grad((x: Tensor, y: Tensor) => mul(x, square(y)), { argnums: [0, 1] })(3, 2); // [4, 12]
 */
export function grad<A extends readonly unknown[]>(
  f: (...args: A) => TensorLike,
  options?: GradOptions & { readonly argnums?: never },
): <P extends ArgsAccepting<A, 0>>(...args: P) => GradsOf<P, 0>;
export function grad<A extends readonly unknown[], const N extends Argnums>(
  f: (...args: A) => TensorLike,
  options: GradOptions & { readonly argnums: N },
): <P extends ArgsAccepting<A, N>>(...args: P) => GradsOf<P, N>;
export function grad<A extends readonly unknown[]>(
  f: (...args: A) => TensorLike,
  options?: GradOptions & ArgnumsOption,
): (...args: readonly unknown[]) => unknown {
  checkFunction('grad', f);
  checkOptions('grad', options, 'argnums');
  const picked = checkArgnums('grad', options?.argnums);
  const tapeOptions = tapeOptionsOf(options);
  return (...args: readonly unknown[]): unknown => gradAt('grad', f, args, picked, false, tapeOptions).grads;
}

/** stopGradient(x) = x, with a zero derivative at every level (the value is treated as a constant). */
export const stopGradient = (x: TensorLike): Tensor => {
  if (typeof x === 'number') return scalar(x);
  if (!isTensor(x)) throw new ArgumentError('stopGradient', `x is ${describeValue(x)}, not a tensor or number`);
  return concrete(x);
};

/** A tree of tensors with every level of tracing removed. */
export const stopGradientTree = <P>(tree: P): Like<P> =>
  checkedWalk('stopGradientTree', 'argument', tree, () =>
    treeMap(tree, (l) => (typeof l === 'number' ? l : concrete(l))),
  );
