/**
 * vmap: a function of one example turned into a function of a batch of examples, by running it once on values
 * that stand for the whole batch (see autodiff/batched.ts): every primitive it applies runs its batching rule
 * once, whatever the batch size. No loop over examples runs anywhere.
 */
import { Batched, type BatchFrame } from '../autodiff/batched.js';
import { withBatchFrame } from '../autodiff/tape.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError } from '../core/shape.js';
import type { Key } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { broadcastTo, moveAxis, reshape } from '../ops/structural.js';
import { type AxisSpec, alongSpec, placeOf } from './axes.js';

/** Options of `vmap`. */
export interface VmapOptions {
  /**
   * The axis each positional argument is mapped along (default 0 for every argument): one number (or null) for
   * all arguments, or an array with one entry per argument, each a number (negative from the end), null (not
   * mapped: the argument reaches every example as it is), or a tree prefix of that argument with a number or
   * null per subtree.
   */
  readonly inAxes?: number | null | readonly AxisSpec[];
  /**
   * Where the batch axis goes in each output leaf (default 0): a number, null (the leaf is the same for every
   * example), or a tree prefix of the output.
   */
  readonly outAxes?: AxisSpec;
}

/** The result type of a vmapped function: f's result with every number leaf a tensor (it gains the batch axis). */
export type Mapped<R> = R extends number
  ? Tensor
  : R extends Tensor
    ? Tensor
    : R extends (...args: never[]) => unknown
      ? R
      : R extends object
        ? { readonly [K in keyof R]: Mapped<R[K]> }
        : R;

/**
 * What a vmapped function accepts where f declares T: a tensor for a tensor (the batch along its axis), a list
 * of keys (`split(k, n)`) or one key for a key, and T itself for any other leaf (numbers and the values of
 * unmapped arguments), through arrays and records.
 */
export type MappedArgument<T> = T extends Tensor
  ? Tensor
  : T extends Key
    ? T | readonly Key[]
    : T extends (...args: never[]) => unknown
      ? T
      : T extends object
        ? { readonly [K in keyof T]: MappedArgument<T[K]> }
        : T;

/**
 * The one place vmap states a type: the output is rebuilt leaf by leaf with tensors where f returned tensors or
 * numbers (see `Mapped`), which TypeScript cannot follow through a tree walk.
 */
const retype = <T>(value: unknown): T => value as T;

/** A mapped argument leaf: where it is, its axis and its extent there. */
interface MappedLeaf {
  readonly where: string;
  readonly axis: number;
  readonly size: number;
}

const keepAs = (v: unknown): unknown => v;

/** The axes of argument i (0-based) from the options. */
const specOf = (inAxes: number | null | readonly AxisSpec[], i: number): AxisSpec =>
  typeof inAxes === 'number' || inAxes === null ? inAxes : (inAxes[i] ?? null);

/** The batch size shared by every mapped leaf, or an error naming the leaves whose sizes differ. */
const batchSize = (mapped: readonly MappedLeaf[]): number => {
  const first = mapped[0];
  if (first === undefined) {
    throw new ArgumentError(
      'vmap',
      'no argument is mapped (every axis is null, or no argument holds a tensor): nothing gives the batch size',
    );
  }
  const other = mapped.find((m) => m.size !== first.size);
  if (other !== undefined) {
    throw new ShapeError(
      'vmap',
      `mapped sizes differ: ${first.where} has ${first.size} along axis ${first.axis}, ` +
        `${other.where} has ${other.size} along axis ${other.axis}`,
    );
  }
  return first.size;
};

/** f's output with the batch axis of every leaf where `outAxes` puts it (an unmapped leaf is broadcast). */
const unmapOutput = (out: unknown, outAxes: AxisSpec, frame: BatchFrame): unknown =>
  alongSpec(
    'the output of f',
    out,
    outAxes,
    1,
    (t, axis) => {
      if (t instanceof Batched && t.frame === frame) return moveAxis(t.value, t.dim, axis);
      const shape = [...t.shape.slice(0, axis), 1, ...t.shape.slice(axis)];
      return broadcastTo(
        reshape(t, shape),
        shape.map((d, i) => (i === axis ? frame.size : d)),
      );
    },
    (v, path) => {
      if (v instanceof Batched && v.frame === frame) {
        throw new ArgumentError(
          'vmap',
          `outAxes is null for ${placeOf('the output of f', path)}, but it differs between examples (give it an axis)`,
        );
      }
      return v;
    },
  );

const optionKeys = new Set(['inAxes', 'outAxes']);

/** The options after their checks. */
const checkedOptions = (options: VmapOptions): { inAxes: number | null | readonly AxisSpec[]; outAxes: AxisSpec } => {
  if (typeof options !== 'object' || options === null)
    throw new ArgumentError('vmap', `options is ${describeValue(options)}, not an object`);
  for (const k of Object.keys(options))
    if (!optionKeys.has(k)) throw new ArgumentError('vmap', `unknown option ${k} (the options are inAxes and outAxes)`);
  const inAxes = options.inAxes === undefined ? 0 : options.inAxes;
  if (inAxes !== null && typeof inAxes !== 'number' && !Array.isArray(inAxes)) {
    throw new ArgumentError(
      'vmap',
      `inAxes is ${describeValue(inAxes)}: give a number, null, or an array with one entry per argument`,
    );
  }
  return { inAxes, outAxes: options.outAxes === undefined ? 0 : options.outAxes };
};

/**
 * vmap(f, {inAxes, outAxes})(...args): f applied to every example of a batch at once. Argument i is split along
 * its axis inAxes[i] (default 0; null: shared by every example), f runs once on values that stand for one
 * example each, and the result gains the batch axis at outAxes (default 0) in every leaf: result[b] = f(args[b])
 * along those axes. A list of random keys (`split(k, n)`) mapped along axis 0 gives each example its own key
 * (normal, uniform, split and foldIn draw per key, as outside vmap); labels and indices may be mapped too
 * (gather, takeAlongAxis, softmaxCrossEntropy). Each primitive f applies runs once on the whole batch (its
 * batching rule), so vmap composes with grad, jvp, jit and itself: vmap(grad(loss)) gives per-example gradients
 * in one pass.
 *
 * Errors: mapped leaves whose sizes differ (naming both, with their paths and axes), an axis out of range, no
 * mapped argument, and axes that do not fit a tree are GradfoldErrors; reading a mapped value's elements inside
 * f is an ArgumentError (use ops).
 *
 * @example
 * const xs = tensor([[1, 2], [3, 4]]);
 * const w = tensor([0.5, -1]);
 * const perExample = vmap((x: Tensor) => grad((v: Tensor) => sum(mul(v, x)))(w))(xs); // each row's ∂/∂w: xs itself
 * const pairwise = vmap((a: Tensor) => vmap((b: Tensor) => sum(mul(a, b)))(xs))(xs); // xs·xsᵀ, [[5, 11], [11, 25]]
 */
export const vmap = <A extends readonly unknown[], R>(
  f: (...args: A) => R,
  options: VmapOptions = {},
): ((...args: { readonly [K in keyof A]: MappedArgument<A[K]> }) => Mapped<R>) => {
  if (typeof f !== 'function') throw new ArgumentError('vmap', `f is ${describeValue(f)}, not a function`);
  const { inAxes, outAxes } = checkedOptions(options);
  return (...args: { readonly [K in keyof A]: MappedArgument<A[K]> }): Mapped<R> => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new ArgumentError(
        'vmap',
        `inAxes has ${inAxes.length} entries for ${args.length} argument(s): give one per argument`,
      );
    }
    const mapped: MappedLeaf[] = [];
    args.forEach((a: unknown, i) => {
      const what = `argument ${i + 1}`;
      const note = (t: Tensor, axis: number, path: string): number =>
        mapped.push({ where: placeOf(what, path), axis, size: t.shape[axis] ?? 0 });
      alongSpec(what, a, specOf(inAxes, i), 0, note, keepAs);
    });
    const size = batchSize(mapped);
    return withBatchFrame(size, (frame) => {
      const mapIn = (t: Tensor, axis: number): Batched => new Batched(t, axis, frame);
      const inner = args.map((a: unknown, i) => alongSpec(`argument ${i + 1}`, a, specOf(inAxes, i), 0, mapIn, keepAs));
      const out = f(...retype<A>(inner));
      return retype<Mapped<R>>(unmapOutput(out, outAxes, frame));
    });
  };
};
