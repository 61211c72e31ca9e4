/**
 * Matrix products. The primitive multiplies tensors of rank ≥ 2 with broadcast batch axes; `matmul` adds
 * NumPy's 1-D cases on top by inserting and removing an axis.
 */
import { computeMatmul } from '../core/compute.js';
import { ShapeError, showShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { type BatchCall, type Primitive, bind, need } from '../autodiff/tape.js';
import { lift2 } from './lift.js';
import { outerProduct } from './outer.js';
import { expandDims, moveAxis, reshape, squeeze, transpose, unbroadcast } from './structural.js';

/** Which operands a product reads transposed (over their last two axes). */
interface MatmulParams {
  readonly transA: boolean;
  readonly transB: boolean;
}

const plainProduct: MatmulParams = { transA: false, transB: false };

/** op(a)·op(b) as a recorded product; op(x) = xᵀ (last two axes) where the flag is set. */
const product = (a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor =>
  bind(matmulPrim, [a, b], transA || transB ? { transA, transB } : plainProduct);

/**
 * C = op(A)·op(B) over the last two axes. VJP, with G the output cotangent (each summed over broadcast batch
 * axes): ∂op(A) = G·op(B)ᵀ and ∂op(B) = op(A)ᵀ·G, so
 *   ∂A = G·op(B)ᵀ (or op(B)·Gᵀ when A is read transposed),  ∂B = op(A)ᵀ·G (or Gᵀ·op(A) when B is),
 * each itself a product with transpose flags: no transpose is materialised, and the rule stays differentiable.
 */
const matmulPrim: Primitive<MatmulParams> = {
  name: 'matmul',
  impl: ([a, b], { transA, transB }) => computeMatmul(need(a), need(b), 'matmul', transA, transB),
  vjp: (g, node) => {
    const {
      inputs: [a, b],
      params: { transA, transB },
    } = node;
    const x = need(a);
    const y = need(b);
    return [
      node.needs(0) ? unbroadcast(transA ? product(y, g, transB, true) : product(g, y, false, !transB), x.shape) : null,
      node.needs(1) ? unbroadcast(transB ? product(g, x, true, transA) : product(x, g, !transA, false), y.shape) : null,
    ];
  },
  batch: (call) => batchedProduct(call),
};

/**
 * The batching rule of the product. A mapped A times an unmapped matrix B (not read transposed): the rows of
 * every example stacked into one matrix, one product [B·…·m, k]·op(B), reshaped back; an unmapped matrix A
 * times a mapped B: the examples' columns side by side, one product op(A)·[k, B·n]. Otherwise the batch is
 * put in front of each mapped operand as one more broadcast batch axis (after extent-1 axes up to the other
 * operand's batch rank), and the kernel runs its broadcast batch of products.
 */
const batchedProduct = ({
  args: [a, b],
  dims: [da, db],
  params: { transA, transB },
  size,
}: BatchCall<MatmulParams>): readonly [Tensor, number] => {
  const dA = da ?? null;
  const dB = db ?? null;
  const x = dA === null ? need(a) : moveAxis(need(a), dA, 0);
  const y = dB === null ? need(b) : moveAxis(need(b), dB, 0);
  const rank = (t: Tensor, d: number | null): number => t.shape.length - (d === null ? 0 : 1);
  if (dB === null && !transA && y.shape.length === 2) {
    const k = x.shape[x.shape.length - 1] ?? 0;
    const rows = x.shape.slice(0, -1);
    const out = product(reshape(x, [rows.reduce((p, e) => p * e, 1), k]), y, false, transB);
    return [reshape(out, [...rows, out.shape[1] ?? 0]), 0];
  }
  if (dA === null && x.shape.length === 2 && y.shape.length === 3) {
    // An unmapped matrix times a batch of matrices: the examples' columns side by side, op(A)·[k, B·n], one product.
    const k = y.shape[transB ? 2 : 1] ?? 0;
    const n = y.shape[transB ? 1 : 2] ?? 0;
    const out = product(x, reshape(transpose(y, transB ? [2, 0, 1] : [1, 0, 2]), [k, size * n]), transA, false);
    return [reshape(out, [out.shape[0] ?? 0, size, n]), 1];
  }
  const batchRank = Math.max(rank(x, dA), rank(y, dB)) - 2;
  const pad = (t: Tensor, d: number | null): Tensor =>
    d === null || rank(t, d) - 2 === batchRank
      ? t
      : reshape(t, [size, ...new Array<number>(batchRank - rank(t, d) + 2).fill(1), ...t.shape.slice(1)]);
  const [px, py] = [pad(x, dA), pad(y, dB)];
  return [innerExtent(px, transA) === 1 ? outer(px, transA, py, transB) : product(px, py, transA, transB), 0];
};

/** The contracted extent of op(A) (its last axis; the one before it when A is read transposed). */
const innerExtent = (a: Tensor, trans: boolean): number => a.shape[a.shape.length - (trans ? 2 : 1)] ?? 0;

/**
 * op(A)·op(B) when the contracted extent is 1 (per-example weight gradients xᵀ·g are such outer products): the
 * broadcast product of op(A) as [..., m, 1] and op(B) as [..., 1, n], one elementwise kernel instead of a
 * matrix product per example. Reading an operand transposed only moves its extent-1 axis, so a reshape does it.
 * Each element is a·b, the one term of the product's sum (exactly the kernel's value, but for a −0 the
 * kernel's 0 + (−0) makes +0). With the batch axes alike, one outer-product kernel pass (see outer.ts).
 */
const outer = (a: Tensor, transA: boolean, b: Tensor, transB: boolean): Tensor => {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const col = transA ? reshape(a, [...a.shape.slice(0, ra - 2), a.shape[ra - 1] ?? 0, 1]) : a;
  const row = transB ? reshape(b, [...b.shape.slice(0, rb - 2), 1, b.shape[rb - 2] ?? 0]) : b;
  return outerProduct(col, row);
};

/**
 * matmul(a, b) = a·b as NumPy's matmul: (m×k)·(k×n) = m×n; batch axes in front broadcast; a 1-D `a` is a
 * row vector and a 1-D `b` a column vector, and the inserted axis is removed from the result
 * (so 1-D·1-D is the inner product, a scalar).
 * @example matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])) // [3, 7]
 */
export const matmul = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = lift2('matmul', a, b);
  if (x.shape.length === 0 || y.shape.length === 0) {
    throw new ShapeError('matmul', `operands must have rank ≥ 1, got ${showShape(x.shape)} and ${showShape(y.shape)}`);
  }
  const x2 = x.shape.length === 1 ? expandDims(x, { axis: 0 }) : x;
  const y2 = y.shape.length === 1 ? expandDims(y, { axis: 1 }) : y;
  if (x2.shape[x2.shape.length - 1] !== y2.shape[y2.shape.length - 2]) {
    throw new ShapeError('matmul', `cannot multiply shapes ${showShape(x.shape)} and ${showShape(y.shape)}`);
  }
  const out = product(x2, y2, false, false);
  const drop = [
    ...(x.shape.length === 1 ? [out.shape.length - 2] : []),
    ...(y.shape.length === 1 ? [out.shape.length - 1] : []),
  ];
  return drop.length === 0 ? out : squeeze(out, { axis: drop });
};

/**
 * dot(a, b) for operands of rank ≤ 2: the inner product of two vectors (a scalar), a matrix-vector or a
 * matrix-matrix product. Higher ranks: use matmul.
 * @example dot(tensor([1, 2, 3]), tensor([4, 5, 6])) // 32
 */
export const dot = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = lift2('dot', a, b);
  if (x.shape.length > 2 || y.shape.length > 2) {
    throw new ShapeError(
      'dot',
      `operands must have rank ≤ 2, got ${showShape(x.shape)} and ${showShape(y.shape)}; use matmul`,
    );
  }
  return matmul(x, y);
};
