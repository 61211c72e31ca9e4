/**
 * Reverse-mode differentiation over parameter trees: `vjp`, `grad` and `valueAndGrad`. Each call opens its
 * own tape (see tape.ts); nothing is stored on tensors and nothing outlives the call but the pullback that
 * `vjp` returns, which holds its tape until it is dropped.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { type Tensor, type TensorLike, asTensor, fromData, isTensor, scalar, zeros } from '../core/tensor.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { isNumberLike, numberLeaf, strong } from '../core/staging.js';
import { type Accepts, type Leaf, type Like, mapTensors, treeMap, unflatten, withTensorLeaves } from '../core/tree.js';
import { checkFunction, checkOptions, checkedLeaves, checkedWalk, matchLeaves } from './arguments.js';
import { backward } from './backward.js';
import { Batched } from './batched.js';
import { type Tape, type TapeOptions, Tracer, concrete, lower, withTape } from './tape.js';

/** Options of every differentiation call. */
export type GradOptions = TapeOptions;

/** The pullback of `vjp`: output cotangents (a tree like the output) to input cotangents (like the input). */
export type Pullback<Y, P> = (cotangent: Like<Y>) => Like<P>;

/** The gradient leaf for an input leaf: a tensor for a tensor; a number for a number (when it is concrete). */
const gradLeaf = (input: Leaf, ct: Tensor | undefined): Leaf => {
  if (typeof input === 'number' || isNumberLike(input)) {
    if (ct === undefined) return 0;
    if (ct instanceof Batched) return ct; // differs between the examples of a vmap: a tensor, mapped on the way out
    if (ct instanceof Tracer) {
      throw new ArgumentError(
        'grad',
        'the gradient of a plain-number input depends on an enclosing grad call; pass scalar(x) instead of a number',
      );
    }
    return numberLeaf(ct);
  }
  return ct ?? zeros(input.shape, { dtype: input.dtype });
};

/** The input cotangents (like the primals) for output cotangents `cts` (one per output leaf, already checked). */
const pullbackAt = <P>(
  tape: Tape,
  primals: P,
  inputLeaves: readonly Leaf[],
  tracers: readonly Tracer[],
  outLeaves: readonly Tensor[],
  cts: readonly Tensor[],
): Like<P> => {
  const seeds: [number, Tensor][] = [];
  for (let i = 0; i < outLeaves.length; i++) {
    const y = outLeaves[i];
    const u = cts[i];
    if (y === undefined || u === undefined) throw new Error('internal: fewer cotangents than outputs');
    if (y instanceof Tracer && y.tape === tape) seeds.push([y.id, u]);
  }
  const ct = backward(tape, seeds);
  return unflatten(
    primals,
    inputLeaves.map((l, i) => gradLeaf(l, ct[tracers[i]?.id ?? -1])),
  );
};

/** f traced at the primals on its own tape: its output, lowered, and the pullback of flat output cotangents. */
export interface Traced<Y, P> {
  /** f(primals), with the values of this call's tape lowered (the tracers of outer calls kept). */
  readonly value: Y;
  /** f's raw output (tracers included): the structure a cotangent tree must have. */
  readonly out: Y;
  /** Output cotangents, one tensor per output leaf in `leaves` order, shaped and typed like it (unchecked). */
  readonly pull: (cts: readonly Tensor[]) => Like<P>;
}

/**
 * The work of vjp, for gradfold's own callers: f at `primals` on a fresh tape, and a pullback taking flat,
 * already checked cotangents. `op` names the public function in the errors about the primals and the output.
 */
export const traceVjp = <T, P extends Accepts<T>, Y>(op: string, f: (x: T) => Y, primals: P, options: TapeOptions): Traced<Y, P> =>
  withTape(options, (tape) => {
    const inputLeaves = checkedLeaves(op, 'argument', primals);
    const tracers = inputLeaves.map((l) => tape.input(strong(asTensor(l))));
    const out = f(withTensorLeaves<T>(primals, tracers));
    const outLeaves = checkedLeaves(op, 'output of f', out).map((l) => asTensor(l));
    const value = mapTensors(out, (t) => lower(t, tape));
    return { value, out, pull: (cts) => pullbackAt(tape, primals, inputLeaves, tracers, outLeaves, cts) };
  });

/**
 * vjp(f, x) = [f(x), u ↦ uᵀ·∂f/∂x]: the value of f at x and its pullback, which maps a cotangent u shaped like
 * f(x) to the vector-Jacobian product, shaped like x. x and f(x) may be trees; number leaves of x get number
 * cotangents. The cotangent is matched to f(x) by key and index (same keys in any order, same array lengths,
 * each leaf of the output's shape and dtype, or a number); a mismatch names the path. The pullback can be
 * called many times and inside other grad calls.
 *
 * @example
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [2, 4]
 */
export const vjp = <T, P extends Accepts<T>, Y>(f: (x: T) => Y, primals: P, options?: GradOptions): [Y, Pullback<Y, P>] => {
  checkFunction('vjp', f);
  checkOptions('vjp', options);
  const { value, out, pull } = traceVjp('vjp', f, primals, tapeOptionsOf(options));
  return [value, (cotangent: Like<Y>): Like<P> => pull(matchLeaves(cotangentRoles, out, cotangent))];
};

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
 * [loss, aux] and the result is [[loss, aux], ∇loss(p)] (aux is not differentiated). The options are
 * checked here, once (an unknown key raises an ArgumentError naming the nearest one).
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
  options?: GradOptions & { readonly hasAux?: boolean },
): <P extends Accepts<T>>(p: P) => [Tensor, Like<P>] | [[Tensor, A], Like<P>] {
  checkFunction('valueAndGrad', f);
  checkOptions('valueAndGrad', options, true);
  const hasAux = options?.hasAux ?? false;
  const tapeOptions = tapeOptionsOf(options);
  return <P extends Accepts<T>>(p: P) => {
    const r = gradAt<T, P, A>('valueAndGrad', f, p, hasAux, tapeOptions);
    if (!hasAux) return [r.value, r.grads];
    if (r.aux === undefined) throw new ArgumentError('valueAndGrad', 'with hasAux, f must return [loss, aux] (aux undefined)');
    return [[r.value, r.aux], r.grads];
  };
}

/** The tape options among a call's options. */
const tapeOptionsOf = (options: GradOptions | undefined): TapeOptions =>
  options?.debugNans === undefined ? {} : { debugNans: options.debugNans };

/** The loss f returned; with hasAux, f returns [loss, aux] and aux is handed to `keep` (lowered). */
const lossOf = <A>(op: string, r: TensorLike | readonly [TensorLike, A], hasAux: boolean, keep: (aux: A) => void): Tensor => {
  if (!isPair(r)) {
    if (hasAux) throw new ArgumentError(op, `with hasAux, f must return [loss, aux], got ${describeValue(r)}`);
    return loss(op, r);
  }
  if (!hasAux) throw new ArgumentError(op, 'f returned an array; pass { hasAux: true } to valueAndGrad for a [loss, aux] result');
  keep(r[1]);
  return loss(op, r[0]);
};

/** The loss as a tensor, or an ArgumentError when f returned something else. */
const loss = (op: string, r: unknown): Tensor => {
  if (typeof r === 'number') return asTensor(r);
  if (!isTensor(r)) throw new ArgumentError(op, `f returned ${describeValue(r)}, not a tensor or number (the loss)`);
  return r;
};

/** f's value, its gradient at p, and its auxiliary output (with hasAux). */
const gradAt = <T, P extends Accepts<T>, A>(
  op: string,
  f: ((p: T) => TensorLike) | ((p: T) => readonly [TensorLike, A]),
  p: P,
  hasAux: boolean,
  tapeOptions: TapeOptions,
): { readonly value: Tensor; readonly grads: Like<P>; readonly aux: A | undefined } => {
  let aux: A | undefined;
  const { value, pull } = traceVjp(
    op,
    (x: T) =>
      lossOf(op, f(x), hasAux, (a) => {
        aux = mapTensors(a, concrete);
      }),
    p,
    tapeOptions,
  );
  return { value, grads: pull([unitSeed(op, value)]), aux };
};

/**
 * grad(f)(p) = ∇f(p) for a scalar-valued f over a parameter tree, shaped and typed like p. The options are
 * checked here, once (an unknown key raises an ArgumentError naming the nearest one); a leaf of p that is not
 * a tensor or a number raises an ArgumentError naming its path.
 *
 * @example
 * const df = grad((x: Tensor) => mul(x, x));
 * df(3); // 6
 */
export const grad = <T>(f: (p: T) => TensorLike, options?: GradOptions): (<P extends Accepts<T>>(p: P) => Like<P>) => {
  checkFunction('grad', f);
  checkOptions('grad', options);
  const tapeOptions = tapeOptionsOf(options);
  return (p) => gradAt('grad', f, p, false, tapeOptions).grads;
};

/** stopGradient(x) = x, with a zero derivative at every level (the value is treated as a constant). */
export const stopGradient = (x: TensorLike): Tensor => {
  if (typeof x === 'number') return scalar(x);
  if (!isTensor(x)) throw new ArgumentError('stopGradient', `x is ${describeValue(x)}, not a tensor or number`);
  return concrete(x);
};

/** A tree of tensors with every level of tracing removed. */
export const stopGradientTree = <P>(tree: P): Like<P> =>
  checkedWalk('stopGradientTree', 'argument', tree, () => treeMap(tree, (l) => (typeof l === 'number' ? l : concrete(l))));
