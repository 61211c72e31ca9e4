/**
 * The building blocks of batching rules (see `Primitive.batch` and vmap): moving a batch axis, making an
 * unmapped operand a whole batch, aligning operands for broadcasting, and the rules shared by whole families
 * of primitives (elementwise, reductions over axes). Every block is a few ops applied once to the whole batch.
 */
import type { BatchCall } from '../autodiff/tape.js';
import { bind } from '../autodiff/tape.js';
import type { Tensor } from '../core/tensor.js';
import { broadcastTo, moveAxis, reshape } from './structural.js';

/** x with its batch axis d moved to the front; an unmapped x (d null) as it is. */
export const atFront = (x: Tensor, d: number | null): Tensor => (d === null ? x : moveAxis(x, d, 0));

/**
 * x as a whole batch with the batch axis in front: moved there when mapped, broadcast to [size, ...x.shape]
 * when not (for rules whose primitive needs every operand to carry the batch).
 */
export const materialized = (x: Tensor, d: number | null, size: number): Tensor =>
  d === null ? broadcastTo(reshape(x, [1, ...x.shape]), [size, ...x.shape]) : moveAxis(x, d, 0);

/** The rank of an example of operand i (its batch axis not counted). */
const exampleRank = (x: Tensor, d: number | null): number => x.shape.length - (d === null ? 0 : 1);

/**
 * Operands of a broadcasting primitive made to broadcast as the examples do, with the batch in front: each
 * mapped operand gets its batch axis first and extent-1 axes after it up to the widest example rank R, so it
 * is [B, 1, …, 1, ...example]; unmapped operands stay as they are (NumPy aligns them on the right).
 * The result of the primitive on them is then [B, ...broadcast(examples)].
 */
export const alignedForBroadcast = (args: readonly Tensor[], dims: readonly (number | null)[]): Tensor[] => {
  let rank = 0;
  args.forEach((x, i) => {
    rank = Math.max(rank, exampleRank(x, dims[i] ?? null));
  });
  return args.map((x, i) => {
    const d = dims[i] ?? null;
    if (d === null) return x;
    const front = moveAxis(x, d, 0);
    const r = front.shape.length - 1;
    return r === rank
      ? front
      : reshape(front, [front.shape[0] ?? 0, ...new Array<number>(rank - r).fill(1), ...front.shape.slice(1)]);
  });
};

/**
 * The batching rule of an elementwise (possibly broadcasting) primitive: f(batch) = [f(x₀), f(x₁), …]. One
 * operand, or operands mapped along one axis with one shape: the primitive on the batches as they are, the
 * batch axis kept. Otherwise the operands are aligned with the batch in front (see alignedForBroadcast).
 */
export const elementwise = <P>({ args, dims, params, prim }: BatchCall<P>): readonly [Tensor, number] => {
  const d0 = dims[0] ?? null;
  const first = args[0];
  const alike = (x: Tensor, i: number): boolean =>
    dims[i] === d0 &&
    first !== undefined &&
    x.shape.length === first.shape.length &&
    x.shape.every((e, j) => e === first.shape[j]);
  if (d0 !== null && args.every(alike)) {
    return [bind(prim, args, params), d0];
  }
  return [bind(prim, alignedForBroadcast(args, dims), params), 0];
};

/** The parameters of a reduction over axes. */
interface AxesParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** The batching rule of a reduction over `axes`: the batch moved in front, every axis shifted by one. */
export const reduction = <P extends AxesParams>({
  args: [x],
  dims: [d],
  params,
  prim,
}: BatchCall<P>): readonly [Tensor, number] => {
  if (x === undefined) throw new Error('internal: a reduction without an operand');
  return [bind(prim, [atFront(x, d ?? null)], { ...params, axes: params.axes.map((a) => a + 1) }), 0];
};
